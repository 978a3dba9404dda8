// P5: the jshell prompt and nothing else (bench/run times it through bin/deltalens shell and plain jshell).
/exit
