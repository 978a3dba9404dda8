package io.deltalens.internal.parquet;

import io.deltalens.DeltaLensException;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;

/** Failures of parquet-mr and Kernel's parquet reader, told with the file's name. */
public final class ParquetErrors {
  private ParquetErrors() {}

  /** Why reading {@code file} failed: missing, or parquet-mr's own reason with the file named. */
  public static DeltaLensException reading(Location file, Throwable e) {
    if (!exists(file)) {
      return new DeltaLensException("data file " + file + " is missing (deleted, or removed by a vacuum)", e);
    }
    return new DeltaLensException("cannot read parquet file " + file + ": " + reason(e), e);
  }

  private static boolean exists(Location file) {
    try {
      return Storage.exists(file);
    } catch (RuntimeException unreachable) { // the reading failure is the one to tell
      return true;
    }
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
