package io.deltalens.internal.engine;

import io.delta.kernel.engine.FileReadRequest;
import io.delta.kernel.engine.FileSystemClient;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.deltalens.internal.kernel.Iterators;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Kernel's file system client with local files served by {@code java.nio}: Hadoop's local file system costs
 * some 0.3 s to start (its configuration read, its user logged in), most of a command's time on a small
 * local table, while opening a version needs only a listing of the log. Paths come back as Hadoop writes
 * them ({@code file:/abs/path}). Objects, and the atomic copy, go to Kernel's Hadoop client.
 */
final class LocalFileSystemClient implements FileSystemClient {
  private final FileSystemClient base;

  LocalFileSystemClient(FileSystemClient base) {
    this.base = base;
  }

  /**
   * The entries of {@code filePath}'s folder (files and folders, as Hadoop lists them) whose names sort at or
   * after its name, in name order.
   */
  @Override
  public CloseableIterator<FileStatus> listFrom(String filePath) throws IOException {
    Optional<Path> local = local(filePath);
    if (local.isEmpty()) {
      return base.listFrom(filePath);
    }
    Path dir = local.get().getParent();
    String from = local.get().getFileName().toString();
    List<FileStatus> files = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path entry : (Iterable<Path>) entries.sorted()::iterator) {
        if (entry.getFileName().toString().compareTo(from) < 0) {
          continue;
        }
        BasicFileAttributes attributes;
        try {
          attributes = Files.readAttributes(entry, BasicFileAttributes.class);
        } catch (NoSuchFileException gone) {
          continue;
        }
        files.add(status(entry, attributes));
      }
    } catch (NoSuchFileException e) {
      throw new FileNotFoundException(dir.toString());
    }
    return Iterators.of(files);
  }

  @Override
  public String resolvePath(String path) throws IOException {
    Optional<Path> local = local(path);
    return local.isPresent() ? qualified(local.get()) : base.resolvePath(path);
  }

  @Override
  public CloseableIterator<ByteArrayInputStream> readFiles(CloseableIterator<FileReadRequest> requests)
      throws IOException {
    List<ByteArrayInputStream> read = new ArrayList<>();
    try (requests) {
      while (requests.hasNext()) {
        FileReadRequest request = requests.next();
        Optional<Path> local = local(request.getPath());
        if (local.isEmpty()) {
          base.readFiles(Iterators.of(List.of(request))).forEachRemaining(read::add);
          continue;
        }
        try {
          ByteBuffer bytes = Storage.readLocal(local.get(), request.getStartOffset(), request.getReadLength());
          read.add(new ByteArrayInputStream(bytes.array(), 0, bytes.position()));
        } catch (NoSuchFileException e) {
          throw new FileNotFoundException(request.getPath());
        }
      }
    }
    return Iterators.of(read);
  }

  @Override
  public FileStatus getFileStatus(String path) throws IOException {
    Optional<Path> local = local(path);
    if (local.isEmpty()) {
      return base.getFileStatus(path);
    }
    try {
      return status(local.get(), Files.readAttributes(local.get(), BasicFileAttributes.class));
    } catch (NoSuchFileException e) {
      throw new FileNotFoundException(path);
    }
  }

  /** As Hadoop's: true when the folder is there after the call (made now or before). */
  @Override
  public boolean mkdirs(String path) throws IOException {
    Optional<Path> local = local(path);
    if (local.isEmpty()) {
      return base.mkdirs(path);
    }
    try {
      Files.createDirectories(local.get());
      return true;
    } catch (FileAlreadyExistsException e) {
      return false; // a file in the way
    }
  }

  /** As Hadoop's (a file, or an empty folder): whether it was there to delete. */
  @Override
  public boolean delete(String path) throws IOException {
    Optional<Path> local = local(path);
    return local.isPresent() ? Files.deleteIfExists(local.get()) : base.delete(path);
  }

  @Override
  public void copyFileAtomically(String from, String to, boolean overwrite) throws IOException {
    base.copyFileAtomically(from, to, overwrite);
  }

  private static Optional<Path> local(String path) {
    return Location.of(path).local();
  }

  private static FileStatus status(Path path, BasicFileAttributes attributes) {
    return FileStatus.of(qualified(path), attributes.size(), attributes.lastModifiedTime().toMillis());
  }

  /** A local path as Hadoop's local file system names it. */
  private static String qualified(Path path) {
    return "file:" + path.toAbsolutePath();
  }
}
