package io.deltalens.internal.engine;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.ExpressionHandler;
import io.delta.kernel.engine.FileSystemClient;
import io.delta.kernel.engine.JsonHandler;
import io.delta.kernel.engine.MetricsReporter;
import io.delta.kernel.engine.ParquetHandler;
import io.deltalens.internal.parquet.ColumnarParquetHandler;
import io.deltalens.internal.storage.Storage;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Kernel engine deltalens uses: built once, on the one Hadoop configuration
 * ({@link Storage#configuration()}), because a Hadoop Configuration is costly.
 */
public final class Kernel {
  /** The name deltalens writes as engineInfo in each commit. */
  public static final String ENGINE_INFO = "deltalens/0.1";

  private static volatile Engine engine;

  private Kernel() {}

  public static Engine engine() {
    if (engine == null) {
      synchronized (Kernel.class) {
        if (engine == null) {
          engine = new Columnar(DefaultEngine.create(Storage.configuration()));
        }
      }
    }
    return engine;
  }

  /**
   * Kernel's default engine with deltalens' columnar parquet reader, log JSON reader and local file system
   * client in front of its own.
   */
  private record Columnar(Engine base, ParquetHandler parquet, JsonHandler json, FileSystemClient files)
      implements Engine {
    Columnar(Engine base) {
      this(base, new ColumnarParquetHandler(base.getParquetHandler(), ENGINE_INFO), new LogJsonHandler(base.getJsonHandler()),
          new LocalFileSystemClient(base.getFileSystemClient()));
    }

    @Override
    public ExpressionHandler getExpressionHandler() {
      return base.getExpressionHandler();
    }

    @Override
    public JsonHandler getJsonHandler() {
      return json;
    }

    @Override
    public FileSystemClient getFileSystemClient() {
      return files;
    }

    @Override
    public ParquetHandler getParquetHandler() {
      return parquet;
    }

    /**
     * Kernel's reporters only where their log lines are kept: its logging reporter turns every snapshot's and
     * transaction's report into JSON before the logger drops it (a cold start's first snapshot: a fifth of it).
     */
    @Override
    public List<MetricsReporter> getMetricsReporters() {
      Logger log = LoggerFactory.getLogger("io.delta.kernel.defaults.engine.LoggingMetricsReporter");
      return log.isInfoEnabled() ? base.getMetricsReporters() : List.of();
    }
  }


}
