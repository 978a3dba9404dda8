package io.deltalens;

/**
 * A failure the user can act on: bad input, an unsupported table feature, a version out of range. Its
 * message is one line that names the file, column or version at fault; the table is left as it was.
 */
public class DeltaLensException extends RuntimeException {
  public DeltaLensException(String message) {
    super(message);
  }

  public DeltaLensException(String message, Throwable cause) {
    super(message, cause);
  }
}
