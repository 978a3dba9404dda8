package io.deltalens.engine;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import org.apache.hadoop.conf.Configuration;

/** The one Kernel engine deltalens uses: built once, because a Hadoop Configuration is costly. */
public final class Kernel {
  /** The name deltalens writes as engineInfo in each commit. */
  public static final String ENGINE_INFO = "deltalens/0.1";

  private static volatile Engine engine;

  private Kernel() {}

  public static Engine engine() {
    if (engine == null) {
      synchronized (Kernel.class) {
        if (engine == null) {
          engine = DefaultEngine.create(configuration());
        }
      }
    }
    return engine;
  }

  private static Configuration configuration() {
    Configuration conf = new Configuration();
    conf.set("io.delta.kernel.logStore.file.impl", AtomicLocalLogStore.class.getName());
    // The raw local file systems write no ".name.crc" side files next to data and log files.
    conf.set("fs.file.impl", org.apache.hadoop.fs.RawLocalFileSystem.class.getName());
    conf.set("fs.AbstractFileSystem.file.impl", org.apache.hadoop.fs.local.RawLocalFs.class.getName());
    return conf;
  }
}
