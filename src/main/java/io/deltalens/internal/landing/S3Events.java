package io.deltalens.internal.landing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.deltalens.DeltaLensException;
import io.deltalens.internal.read.LogFiles;
import io.deltalens.internal.storage.Location;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * S3 event notifications as AWS documents them, in every wrapping a handler meets: S3's own
 * {@code {"Records":[{"eventName":"ObjectCreated:Put","s3":{...}}]}}, the same inside SQS messages
 * ({@code Records[].body}) and SNS notifications ({@code Records[].Sns.Message}, or an SNS envelope in an SQS
 * body), and EventBridge's {@code Object Created} / {@code Object Deleted} events. Test events are ignored.
 */
public final class S3Events {
  /** What happened to an object. */
  public enum Kind { CREATED, REMOVED }

  /** One object event; {@code messageId} is the SQS message it came in (null otherwise). */
  public record Notice(String messageId, Kind kind, Location object) {}

  /**
   * What a delivery holds: object events, or a {@code schedule} (EventBridge's {@code Scheduled Event}, the
   * handler's cue to write due checkpoints).
   */
  public record Delivery(List<Notice> notices, boolean schedule) {}

  private S3Events() {}

  public static Delivery parse(String json) {
    JsonNode root = tree(json);
    if (isSchedule(root)) {
      return new Delivery(List.of(), true);
    }
    List<Notice> notices = new ArrayList<>();
    collect(root, null, notices);
    return new Delivery(notices, false);
  }

  private static boolean isSchedule(JsonNode node) {
    return "Scheduled Event".equals(node.path("detail-type").asText());
  }

  private static void collect(JsonNode node, String messageId, List<Notice> out) {
    if (node.has("Records")) {
      for (JsonNode record : node.get("Records")) {
        if (record.has("body") && record.has("messageId")) { // SQS
          collect(tree(record.get("body").asText()), record.get("messageId").asText(), out);
        } else if (record.has("Sns")) {
          collect(tree(record.get("Sns").path("Message").asText()), messageId, out);
        } else if (record.has("s3")) {
          kind(record.path("eventName").asText()).ifPresent(kind -> out.add(new Notice(messageId, kind,
              object(record.get("s3").path("bucket").path("name").asText(),
                  decodeKey(record.get("s3").path("object").path("key").asText())))));
        }
      }
    } else if ("Notification".equals(node.path("Type").asText()) && node.has("Message")) { // SNS in SQS
      collect(tree(node.get("Message").asText()), messageId, out);
    } else if (node.has("detail-type") && node.path("detail").has("object")) { // EventBridge
      String type = node.get("detail-type").asText();
      Optional<Kind> kind = type.equals("Object Created") ? Optional.of(Kind.CREATED)
          : type.equals("Object Deleted") ? Optional.of(Kind.REMOVED) : Optional.empty();
      kind.ifPresent(k -> out.add(new Notice(messageId, k, object(node.get("detail").path("bucket").path("name")
          .asText(), node.get("detail").path("object").path("key").asText()))));
    } else if (!node.path("Event").asText().equals("s3:TestEvent") && !isSchedule(node)) {
      throw new DeltaLensException("not an S3 event notification: " + abbreviate(node.toString()));
    }
  }

  private static Optional<Kind> kind(String eventName) {
    String name = eventName.startsWith("s3:") ? eventName.substring(3) : eventName;
    return name.startsWith("ObjectCreated:") ? Optional.of(Kind.CREATED)
        : name.startsWith("ObjectRemoved:") ? Optional.of(Kind.REMOVED) : Optional.empty();
  }

  private static Location object(String bucket, String key) {
    if (bucket.isEmpty() || key.isEmpty()) {
      throw new DeltaLensException("an S3 event without a bucket name or object key");
    }
    return Location.of("s3://" + bucket + "/" + key);
  }

  /**
   * S3 sends keys form-encoded ({@code +} for a space, {@code %3D} for '='); some S3-compatible servers
   * (versitygw) send them as they are, which a raw space gives away.
   */
  static String decodeKey(String key) {
    if (key.contains(" ")) {
      return key;
    }
    try {
      return URLDecoder.decode(key, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return key;
    }
  }

  private static JsonNode tree(String json) {
    try {
      return LogFiles.JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new DeltaLensException("not an S3 event notification (not JSON: " + e.getOriginalMessage() + "): "
          + abbreviate(json));
    }
  }

  private static String abbreviate(String text) {
    String line = text.replaceAll("\\s+", " ");
    return line.length() <= 120 ? line : line.substring(0, 117) + "...";
  }
}
