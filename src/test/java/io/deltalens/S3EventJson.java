package io.deltalens;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * S3 event notifications in the shapes AWS documents (docs.aws.amazon.com: the S3 event message structure,
 * SQS and SNS events for Lambda, EventBridge's S3 events), for the landing tests.
 */
final class S3EventJson {
  private S3EventJson() {}

  static String s3Event(String bucket, String eventName, List<String> keys) {
    return s3Event(bucket, keys.stream().map(k -> List.of(eventName, k)).toList());
  }

  /** S3's own event: keys form-encoded as S3 sends them ('+' for a space, %3D for '='). */
  static String s3Event(String bucket, List<List<String>> events) {
    return "{\"Records\":[" + events.stream().map(e -> """
        {"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"2026-12-01T10:00:00.000Z",
         "eventName":"%s","userIdentity":{"principalId":"AWS:EXAMPLE"},
         "s3":{"s3SchemaVersion":"1.0","configurationId":"landing","bucket":{"name":"%s","arn":"arn:aws:s3:::%s"},
               "object":{"key":"%s","size":1024,"eTag":"0123456789abcdef","sequencer":"0A1B2C3D4E5F678901"}}}"""
        .formatted(e.get(0), bucket, bucket, URLEncoder.encode(e.get(1), StandardCharsets.UTF_8)))
        .collect(Collectors.joining(",")) + "]}";
  }

  static String sns(String message) {
    return """
        {"Type":"Notification","MessageId":"95df01b4-ee98-5cb9-9903-4c221d41eb5e","TopicArn":"arn:aws:sns:us-east-1:123456789012:landing",
         "Subject":"Amazon S3 Notification","Message":%s,"Timestamp":"2026-12-01T10:00:00.000Z"}"""
        .formatted(json(message));
  }

  static String eventBridge(String bucket, String type, String key) {
    return """
        {"version":"0","id":"17793124-05d4-b198-2fde-7ededc63b103","detail-type":"%s","source":"aws.s3",
         "account":"123456789012","time":"2026-12-01T10:00:00Z","region":"us-east-1",
         "detail":{"version":"0","bucket":{"name":"%s"},"object":{"key":"%s","size":1024},"reason":"PutObject"}}"""
        .formatted(type, bucket, key);
  }

  static String message(String id, String body) {
    return """
        {"messageId":"%s","receiptHandle":"AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a","body":%s,
         "attributes":{"ApproximateReceiveCount":"1"},"messageAttributes":{},"eventSource":"aws:sqs",
         "eventSourceARN":"arn:aws:sqs:us-east-1:123456789012:landing","awsRegion":"us-east-1"}"""
        .formatted(id, json(body));
  }

  static String sqs(String... messages) {
    return "{\"Records\":[" + String.join(",", messages) + "]}";
  }

  private static String json(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
