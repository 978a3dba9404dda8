package io.deltalens.cli;

import io.deltalens.DeltaLens;
import io.deltalens.DeltaLensException;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every command takes. */
final class CommonOptions {
  private static final String VERBOSE = "deltalens.verbose";

  @Option(names = "--format", defaultValue = "text",
      description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); json is one object per line.")
  Output.Format format;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = {"-v", "--verbose"},
      description = "Show Kernel's and Hadoop's log messages (info level), and stack traces of errors.")
  void verbose(boolean on) {
    if (on) {
      // read when the first logger is made, which is after option parsing
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
      System.setProperty(VERBOSE, "true");
    }
  }

  @Option(names = "--storage", paramLabel = "<key=value>",
      description = "How to reach an object store, e.g. AWS_ENDPOINT_URL=http://127.0.0.1:7070"
          + " (also AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION, AWS_ALLOW_HTTP,"
          + " or fs.s3a.* keys); the environment's AWS_* variables apply without it. Repeatable.")
  void storage(Map<String, String> options) {
    try {
      DeltaLens.storage(options);
    } catch (DeltaLensException e) { // said here, or picocli's message would repeat the values: secrets
      throw new CommandLine.ParameterException(mixee.commandLine(), e.getMessage());
    }
  }

  @Spec(Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec mixee;

  /** Whether -v was given (or the deltalens.verbose property set). */
  static boolean verbose() {
    return Boolean.getBoolean(VERBOSE);
  }

  Output output() {
    return new Output(format, System.out);
  }
}
