// Run by bin/test through jshell-startup.jsh (bin/deltalens shell src/test/jshell/smoke.jsh);
// bin/test checks the lines this prints.
var dir = Files.createTempDirectory("deltalens-jshell");
var t = create(dir.resolve("t").toString()).schemaFromParquet(SampleFeeds.write(dir, 1)).commit();
System.out.println(t.newAppend().appendFile(SampleFeeds.write(dir, 2)).commit());
show(t.toTable());
show(t.history(), 5);
help();
t.history().selectColumns("version", "operation").first(1)
System.out.println("JSHELL-CHECK rows=" + open(dir.resolve("t").toString()).toTable().rowCount() + " version=" + t.version());
