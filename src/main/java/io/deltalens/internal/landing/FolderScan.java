package io.deltalens.internal.landing;

import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The files under a local folder, listed again each cycle at the cost of the folders that changed: a
 * folder's modification time moves when an entry is added, removed or renamed, so an unchanged folder's
 * files are taken from the last listing (a table of 300,000 files in 30 folders costs 30 stats, not
 * 300,000). A folder changed within the last two seconds is listed again next time too, as the clock that
 * stamps it is coarse (a file added in the same tick as the listing leaves the time as it was). Sizes and
 * times of files from an unchanged folder may be old: callers stat the few files they act on again.
 * A folder without sub-folders (a link count of 2, as ext4, xfs and tmpfs keep it) unchanged since a
 * horizon the caller names is not read at all: its files arrived before it.
 */
final class FolderScan {
  private static final long RACY_NANOS = TimeUnit.SECONDS.toNanos(2);

  private record Folder(long modified, List<Path> folders, List<Storage.Entry> files) {}

  private final Map<Path, Folder> cache = new HashMap<>();
  private final Set<Path> reread = new HashSet<>(); // the folders the last listing read afresh
  private Predicate<Location> skip = file -> false;
  private long horizon = Long.MIN_VALUE;

  /**
   * The files under {@code root} but those {@code skip} names: they are not even stat'ed (a table's own
   * files, 300,000 of them, cost a name each), and stay left out while their folder is unchanged; nor
   * those of leaf folders unchanged since {@code horizon} (epoch ms).
   */
  List<Storage.Entry> list(Path root, Predicate<Location> skip, long horizon) {
    this.horizon = horizon;
    this.skip = skip;
    reread.clear();
    List<Storage.Entry> files = new ArrayList<>();
    Map<Path, Folder> seen = new HashMap<>();
    visit(root, files, seen);
    cache.keySet().retainAll(seen.keySet());
    return files;
  }

  /**
   * Whether a file directly in {@code folder} may have gone since the listing before the last: the last
   * listing read the folder afresh (asking {@code skip} of every file it holds) or found it gone. A file of
   * a folder taken from the cache is still there (its folder is unchanged).
   */
  boolean mayHaveLost(Path folder) {
    return reread.contains(folder) || !cache.containsKey(folder);
  }

  private void visit(Path dir, List<Storage.Entry> out, Map<Path, Folder> seen) {
    Folder folder;
    try {
      Map<String, Object> attributes = Files.readAttributes(dir, "unix:lastModifiedTime,nlink");
      long modified = ((FileTime) attributes.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS);
      Folder cached = cache.get(dir);
      boolean settled = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()) - modified > RACY_NANOS;
      if (cached != null && cached.modified() == modified && settled) {
        folder = cached;
      } else if (TimeUnit.NANOSECONDS.toMillis(modified) < horizon && (Integer) attributes.get("nlink") == 2) {
        folder = new Folder(modified, List.of(), List.of()); // a leaf folder the last claim covers
      } else {
        folder = read(dir, modified);
        reread.add(dir);
      }
    } catch (NoSuchFileException gone) {
      return;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    cache.put(dir, folder);
    seen.put(dir, folder);
    out.addAll(folder.files());
    for (Path sub : folder.folders()) {
      visit(sub, out, seen);
    }
  }

  private Folder read(Path dir, long modified) throws IOException {
    List<Path> folders = new ArrayList<>();
    List<Storage.Entry> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        Location file = Location.local(entry);
        if (skip.test(file)) {
          continue;
        }
        BasicFileAttributes attributes;
        try {
          attributes = Files.readAttributes(entry, BasicFileAttributes.class); // a link counts as its target
        } catch (NoSuchFileException gone) {
          continue;
        }
        if (attributes.isDirectory()) {
          folders.add(entry);
        } else if (attributes.isRegularFile()) {
          files.add(new Storage.Entry(file, attributes.size(),
              attributes.lastModifiedTime().toMillis()));
        }
      }
    }
    return new Folder(modified, folders, files);
  }
}
