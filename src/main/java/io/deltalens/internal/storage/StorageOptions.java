package io.deltalens.internal.storage;

import io.deltalens.DeltaLensException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How to reach an object store, as Hadoop S3A options. Users give the names delta-rs and the AWS tools read
 * ({@code AWS_ENDPOINT_URL}, {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN},
 * {@code AWS_REGION}, {@code AWS_ALLOW_HTTP}, in any case), or S3A's own {@code fs.s3a.*} keys; the same
 * names are read from the environment. An explicit endpoint means path-style addressing unless said
 * otherwise (S3-compatible servers rarely serve bucket host names). Nothing here is ever printed with its
 * values: secrets stay out of messages.
 */
public final class StorageOptions {
  private static final Map<String, String> NAMES = Map.of(
      "aws_endpoint_url", "fs.s3a.endpoint",
      "aws_endpoint", "fs.s3a.endpoint",
      "aws_access_key_id", "fs.s3a.access.key",
      "aws_secret_access_key", "fs.s3a.secret.key",
      "aws_session_token", "fs.s3a.session.token",
      "aws_region", "fs.s3a.endpoint.region",
      "aws_default_region", "fs.s3a.endpoint.region",
      "aws_allow_http", "deltalens.allow.http",
      "aws_virtual_hosted_style_request", "deltalens.virtual.hosted");

  private StorageOptions() {}

  /** The S3A settings the environment gives (AWS_ENDPOINT_URL, AWS_REGION, AWS_ALLOW_HTTP; keys S3A reads itself). */
  public static Map<String, String> fromEnvironment() {
    Map<String, String> given = new LinkedHashMap<>();
    for (String name : new String[] {"AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ALLOW_HTTP"}) {
      String value = System.getenv(name);
      if (value != null && !value.isBlank()) {
        given.put(name, value);
      }
    }
    return s3a(given);
  }

  /** The S3A keys ({@code fs.s3a.*}) for the options a user gave; an unknown name is an error naming it. */
  public static Map<String, String> s3a(Map<String, String> options) {
    Map<String, String> keys = new TreeMap<>();
    for (Map.Entry<String, String> option : options.entrySet()) {
      String name = option.getKey().trim();
      String key = name.startsWith("fs.s3a.") ? name : NAMES.get(name.toLowerCase(Locale.ROOT));
      if (key == null) {
        throw new DeltaLensException("unknown storage option '" + name + "': use AWS_ENDPOINT_URL,"
            + " AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION, AWS_ALLOW_HTTP,"
            + " AWS_VIRTUAL_HOSTED_STYLE_REQUEST or an fs.s3a.* key");
      }
      keys.put(key, option.getValue());
    }
    boolean http = Boolean.parseBoolean(keys.remove("deltalens.allow.http"));
    String virtualHosted = keys.remove("deltalens.virtual.hosted");
    String endpoint = keys.get("fs.s3a.endpoint");
    if (endpoint != null) {
      if (http && !endpoint.contains("://")) {
        keys.put("fs.s3a.endpoint", "http://" + endpoint);
      }
      keys.putIfAbsent("fs.s3a.path.style.access",
          String.valueOf(virtualHosted == null || !Boolean.parseBoolean(virtualHosted)));
      // a server that is not AWS has no region of its own; S3A must still sign for one
      keys.putIfAbsent("fs.s3a.endpoint.region", "us-east-1");
    }
    if (http) {
      keys.put("fs.s3a.connection.ssl.enabled", "false");
    }
    return keys;
  }
}
