package io.deltalens.cli;

import io.deltalens.DeltaLensException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/**
 * Any failure as the one line the command line prints: the cause chain summarised, each message said
 * once, in the user's terms. A {@link DeltaLensException}'s message is complete, so the chain stops there.
 */
final class Failures {
  /** Kernel's wrapper of every engine error says this before the engine's own message. */
  private static final String KERNEL_PREFIX =
      "Encountered an error from the underlying engine implementation while trying to ";

  private Failures() {}

  static String summary(Throwable failure) {
    List<String> parts = new ArrayList<>();
    for (Throwable t = failure; t != null && parts.size() < 5; t = t.getCause() == t ? null : t.getCause()) {
      String text = describe(t);
      if (text != null && parts.stream().noneMatch(p -> p.contains(text))) {
        parts.removeIf(text::contains);
        parts.add(text);
      }
      if (t instanceof DeltaLensException) {
        break;
      }
    }
    String line = String.join(": ", parts).replaceAll("\\s+", " ").strip();
    return line.isEmpty() ? failure.getClass().getSimpleName() : line;
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    if (t instanceof OutOfMemoryError) {
      return "out of memory (" + message + "); give the JVM more heap, e.g. DELTALENS_JAVA_OPTS=-Xmx4g";
    }
    if (t instanceof NoSuchFileException e) {
      return "no such file: " + e.getFile();
    }
    if (t instanceof AccessDeniedException e) {
      return "permission denied: " + e.getFile();
    }
    if (t instanceof FileSystemException e && e.getReason() != null) {
      return e.getFile() + ": " + e.getReason();
    }
    if (message == null || message.isBlank()) {
      return t.getCause() == null ? t.getClass().getSimpleName() : null;
    }
    if (t.getCause() != null && message.equals(t.getCause().toString())) {
      return null; // a wrapper that only repeats its cause
    }
    if (message.startsWith(KERNEL_PREFIX)) {
      message = message.substring(KERNEL_PREFIX.length());
    }
    return message.replaceFirst("^(java\\.[a-z.]+\\.|org\\.apache\\.[a-z.]+\\.)\\w+(Exception|Error): ", "")
        // the AWS SDK's messages quote their causes' class names and carry request ids and attempt counts
        .replaceAll("software\\.amazon\\.awssdk\\.[a-z.]+\\.\\w+Exception: ", "")
        .replaceAll(" ?\\(SDK Attempt Count: \\d+\\)", "")
        .replaceAll(", (Extended )?Request ID: [^,)]*", "");
  }
}
