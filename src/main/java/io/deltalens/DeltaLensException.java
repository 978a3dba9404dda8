package io.deltalens;

/**
 * A failure the user can act on: bad input, an unsupported table feature, a version out of range. Its
 * message is one line that names the file, column or version at fault; the table is left as it was.
 *
 * <p>At a jshell prompt ({@code jshell-startup.jsh} sets the {@code deltalens.brief} property) it shows
 * as that line alone: no stack trace and no causes, which {@code verbose()} there brings back.
 */
public class DeltaLensException extends RuntimeException {
  private static final String BRIEF = "deltalens.brief";

  public DeltaLensException(String message) {
    super(message);
  }

  public DeltaLensException(String message, Throwable cause) {
    super(message, cause);
  }

  private static boolean brief() {
    return Boolean.getBoolean(BRIEF);
  }

  // jshell prints what these return: the trace of every frame below the prompt, then each cause's
  @Override
  public StackTraceElement[] getStackTrace() {
    return brief() ? new StackTraceElement[0] : super.getStackTrace();
  }

  @Override
  public synchronized Throwable getCause() {
    return brief() ? null : super.getCause();
  }
}
