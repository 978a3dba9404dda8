// P5: a jshell script through jshell-startup.jsh that prints a table's first rows (bench/run times it).
show(open(System.getenv("P5_TABLE")).read().limit(10).toTable());
/exit
