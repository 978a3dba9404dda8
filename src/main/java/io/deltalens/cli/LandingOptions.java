package io.deltalens.cli;

import io.deltalens.DeltaLens;
import io.deltalens.Landing;
import io.deltalens.LandingReport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** What {@code watch} and {@code ingest events} share: how a landing table is created and kept. */
final class LandingOptions {
  /** The policy for a file whose columns differ from the table's. */
  enum SchemaPolicy { reject, merge }

  @Option(names = "--create-if-absent",
      description = "Create the table, with the first batch's files in version 0: columns from the first"
          + " file's footer, partition columns from its k=v folders.")
  boolean createIfAbsent;

  @Option(names = "--schema-policy", defaultValue = "reject", paramLabel = "reject|merge",
      description = "A file with new columns: reject moves it to _quarantine/ and reports it (the rest of the"
          + " batch commits); merge adds its columns to the table (nullable). Types that disagree are always"
          + " rejected. Default: ${DEFAULT-VALUE}.")
  SchemaPolicy schemaPolicy;

  @Option(names = "--partition-types", paramLabel = "<columns>",
      description = "Types of the partition columns of a table this creates, e.g. 'day date, hour int'"
          + " (others are typed from their values: int, long, double, date, else string).")
  String partitionTypes;

  @Option(names = "--app-id", defaultValue = "deltalens-landing", paramLabel = "<appId>",
      description = "The transaction id landing commits carry; writers with the same one never add a file"
          + " twice. Default: ${DEFAULT-VALUE}.")
  String appId;

  /** The landing of {@code table} (null: tables inferred from event keys). */
  Landing landing(String table, Output out) {
    Landing landing = table == null ? DeltaLens.landing() : DeltaLens.landing(table);
    if (createIfAbsent) {
      landing.createIfAbsent();
    }
    if (schemaPolicy == SchemaPolicy.merge) {
      landing.mergeSchema();
    }
    if (partitionTypes != null) {
      landing.partitionTypes(partitionTypes);
    }
    return landing.appId(appId).progress(out::progress);
  }

  /** A report as text lines, or one record per table batch. */
  static void print(Output out, LandingReport report, boolean quietWhenIdle) {
    for (LandingReport.Batch batch : report.batches()) {
      if (quietWhenIdle && !batch.committed() && batch.rejected().isEmpty() && batch.skipped().isEmpty()) {
        continue;
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("table", batch.table());
      fields.put("version", batch.version());
      fields.put("committed", batch.committed());
      fields.put("filesAdded", batch.filesAdded());
      fields.put("filesRemoved", batch.filesRemoved());
      fields.put("rowsAdded", batch.rowsAdded());
      fields.put("addedColumns", batch.addedColumns());
      fields.put("rejected", batch.rejected());
      fields.put("skipped", batch.skipped());
      out.record(fields, batch.toString());
    }
    report.failures().forEach((table, error) -> System.err.println("error: " + table + ": " + error));
  }

  /** {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code 7d}. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(text.trim());
      if (!m.matches()) {
        throw new CommandLine.TypeConversionException("takes a duration such as 500ms, 10s, 2m, 1h or 7d; got '"
            + text + "'");
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
  }
}
