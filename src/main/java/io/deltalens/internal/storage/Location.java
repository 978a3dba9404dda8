package io.deltalens.internal.storage;

import io.deltalens.DeltaLensException;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a table (or a file of it) lives: a local folder, or a key prefix in an S3 bucket
 * ({@code s3://bucket/prefix}, {@code s3a://...}; both go through Hadoop's S3A). Kernel and Hadoop get
 * {@link #uri()}; messages show the location as the user wrote it.
 */
public final class Location {
  private final Path local;
  private final String uri;

  private Location(Path local, String uri) {
    this.local = local;
    this.uri = uri;
  }

  /** A local path, or a URI whose scheme deltalens serves; any other scheme is refused by name. */
  public static Location of(String text) {
    int colon = text.indexOf("://");
    if (colon > 0 && text.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      String scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
      switch (scheme) {
        case "file":
          return local(Path.of(URI.create(text.replace(" ", "%20"))));
        case "s3":
        case "s3a":
          return remote(scheme + "://" + text.substring(colon + 3));
        default:
          throw new DeltaLensException(text + ": deltalens serves tables in local folders and on S3"
              + " (s3://, s3a://), not '" + scheme + "' URIs");
      }
    }
    return local(Path.of(text));
  }

  /**
   * A local path. A URI given as a {@link Path} ({@code Path.of("s3://b/t")} is the relative path
   * {@code s3:/b/t}) is read as the URI, rather than made into a local folder named "s3:".
   */
  public static Location local(Path dir) {
    if (!dir.isAbsolute() && dir.getNameCount() > 1
        && dir.getName(0).toString().matches("[A-Za-z][A-Za-z0-9+.-]*:")) {
      return dir.getName(0).toString().equalsIgnoreCase("file:")
          ? local(Path.of("/").resolve(dir.subpath(1, dir.getNameCount())))
          : of(dir.toString().replaceFirst(":/", "://"));
    }
    Path abs = dir.toAbsolutePath().normalize();
    return new Location(abs, abs.toString());
  }

  private static Location remote(String uri) {
    URI parsed = URI.create(uri.replace(" ", "%20"));
    if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
      throw new DeltaLensException(uri + ": an S3 location names a bucket: s3://bucket/path");
    }
    String trimmed = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    return new Location(null, trimmed);
  }

  public boolean isLocal() {
    return local != null;
  }

  /** The local folder, where the location is one. */
  public Optional<Path> local() {
    return Optional.ofNullable(local);
  }

  /** The bucket of an object-store location. */
  public String bucket() {
    return isLocal() ? "" : URI.create(uri.replace(" ", "%20")).getHost();
  }

  /** What Kernel and Hadoop are given: the absolute local path, or the URI. */
  public String uri() {
    return uri;
  }

  public org.apache.hadoop.fs.Path hadoopPath() {
    return isLocal() ? new org.apache.hadoop.fs.Path(local.toUri()) : new org.apache.hadoop.fs.Path(uri);
  }

  /** A file or folder below this one, by a relative path with '/' separators. */
  public Location resolve(String relative) {
    if (isLocal()) {
      Path resolved = local.resolve(relative).normalize();
      return new Location(resolved, resolved.toString());
    }
    return new Location(null, uri + "/" + relative);
  }

  /** Whether this is {@code root} or lies below it. */
  public boolean isInside(Location root) {
    return isLocal() == root.isLocal() && (isLocal() ? local.startsWith(root.local)
        : uri.equals(root.uri) || uri.startsWith(root.uri + "/"));
  }

  /** The path of {@code child}, which lies inside this location, relative to it ("day=1/part-0.parquet"). */
  public String relativize(Location child) {
    if (child.uri.equals(uri)) {
      return "";
    }
    String prefix = uri.endsWith("/") ? uri : uri + "/";
    if (child.uri.startsWith(prefix) && (!isLocal() || File.separatorChar == '/')) {
      return child.uri.substring(prefix.length()); // both normalized: no need for Path's (slower) relativize
    }
    return isLocal() ? local.relativize(child.local).toString().replace('\\', '/') : child.uri.substring(uri.length() + 1);
  }

  /** The folder holding this file. */
  public Location parent() {
    if (isLocal()) {
      return new Location(local.getParent(), local.getParent().toString());
    }
    return new Location(null, uri.substring(0, uri.lastIndexOf('/')));
  }

  /** The last name of the location: the table's folder name. */
  public String name() {
    return isLocal() ? String.valueOf(local.getFileName()) : uri.substring(uri.lastIndexOf('/') + 1);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Location l && l.uri.equals(uri);
  }

  @Override
  public int hashCode() {
    return uri.hashCode();
  }

  @Override
  public String toString() {
    return uri;
  }
}
