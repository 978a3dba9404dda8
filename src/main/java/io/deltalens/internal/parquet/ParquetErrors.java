package io.deltalens.internal.parquet;

import io.deltalens.DeltaLensException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Failures of parquet-mr and Kernel's parquet reader, told with the file's name. */
public final class ParquetErrors {
  private ParquetErrors() {}

  /** Why reading {@code file} failed: missing, or parquet-mr's own reason with the file named. */
  public static DeltaLensException reading(Path file, Throwable e) {
    if (!Files.exists(file)) {
      return new DeltaLensException("data file " + file + " is missing (deleted, or removed by a vacuum)", e);
    }
    return new DeltaLensException("cannot read parquet file " + file + ": " + reason(e), e);
  }

  /** The innermost message, without parquet-mr's object names for files ("LocalInputFile@50d0686"). */
  public static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return message.replaceAll("org\\.apache\\.parquet\\.\\S+@[0-9a-f]+ ", "it ")
        .replaceAll("(\\d)to be read", "$1 to be read");
  }
}
