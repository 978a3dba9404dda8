package io.deltalens;

import io.deltalens.internal.storage.ConditionalS3LogStore;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import io.deltalens.tour.SampleFeeds;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What goes wrong on an object store: lost replies, wrong keys, a server that goes away mid-append. */
class S3FaultsTest {
  @TempDir Path dir;

  @Test
  void aCommitWhoseReplyWasLostIsReadBackNotRepeatedAndAnotherWritersCommitWins() throws Exception {
    S3Server s3 = S3Server.shared();
    Location table = Location.of(s3.bucket() + "/t");
    DeltaLens.exists(table.uri(), s3.options()); // the bucket's options, as opening the table sets them
    var path = table.resolve("_delta_log/00000000000000000000.json").hadoopPath();
    ConditionalS3LogStore store = new ConditionalS3LogStore(Storage.configuration());
    List<String> ours = List.of("{\"commitInfo\":{\"txnId\":\"ours\"}}", "{\"add\":{\"path\":\"a\"}}");
    store.write(path, ours.iterator(), false, Storage.configuration());
    // the retry of a PUT whose reply was lost meets its own object (412): the commit stands, once
    store.write(path, ours.iterator(), false, Storage.configuration());
    List<String> theirs = List.of("{\"commitInfo\":{\"txnId\":\"theirs\"}}");
    assertThrows(FileAlreadyExistsException.class,
        () -> store.write(path, theirs.iterator(), false, Storage.configuration()));
    try (InputStream in = Storage.open(table.resolve("_delta_log/00000000000000000000.json"))) {
      assertArrayEquals((String.join("\n", ours) + "\n").getBytes(StandardCharsets.UTF_8), in.readAllBytes());
    }
  }

  @Test
  void wrongKeysAndUnknownOptionsAreOneLineWithoutTheSecret() throws Exception {
    S3Server s3 = S3Server.shared();
    String location = s3.bucket() + "/t";
    DeltaLens.create(location, s3.options()).schema("id long").commit();
    String secret = "not-the-secret-" + System.nanoTime();
    CliTest.Run wrong = CliTest.cli("history", location, "--storage", "AWS_ENDPOINT_URL=" + s3.endpoint,
        "--storage", "AWS_ACCESS_KEY_ID=" + S3Server.ACCESS_KEY, "--storage", "AWS_SECRET_ACCESS_KEY=" + secret);
    assertEquals(1, wrong.exit());
    assertEquals(1, wrong.err().strip().lines().count(), wrong.err());
    assertTrue(wrong.err().contains("403") && wrong.err().contains(location), wrong.err());
    assertFalse(wrong.err().contains("Request ID") || wrong.err().contains("awssdk"), "the SDK's noise: " + wrong.err());
    assertFalse(wrong.err().contains(secret) || wrong.out().contains(secret), "the secret is printed");
    CliTest.Run unknown = CliTest.cli("history", location, "--storage", "AWS_SECRET=" + secret);
    assertEquals(2, unknown.exit(), unknown.err());
    assertTrue(unknown.err().contains("unknown storage option 'AWS_SECRET'"), unknown.err());
    assertFalse(unknown.err().contains(secret), "the secret is printed");
  }

  @Test
  void aServerStoppedMidAppendLeavesNoHalfCommitAndTheNextAppendLands() throws Exception {
    S3Server own = S3Server.start();
    String location = own.bucket() + "/sales";
    Map<String, String> options = own.options();
    DeltaTable table = DeltaLens.create(location, options).schema("id long, name string, amount long").commit();
    table.newAppend().appendFile(SampleFeeds.write(dir, 1)).commit();
    List<Path> feeds = List.of(SampleFeeds.write(dir, 2), SampleFeeds.write(dir, 3), SampleFeeds.write(dir, 4));

    DeltaLensException failed = assertThrows(DeltaLensException.class, () -> table.newAppend()
        .appendFiles(feeds).progress(line -> own.stop()).commit()); // stopped after the first file is copied
    assertEquals(1, failed.getMessage().lines().count(), failed.getMessage());
    assertTrue(failed.getMessage().contains("nothing was committed"), failed.getMessage());

    own.restart();
    DeltaTable again = DeltaLens.open(location, options);
    assertEquals(1, again.version(), "no half commit");
    assertEquals(2, again.toTable().rowCount());
    AppendResult next = again.newAppend().appendFiles(feeds).commit();
    assertEquals(2, next.version());
    assertEquals(8, again.toTable().rowCount());
    assertTrue(Files.exists(dir.resolve("feed_4.parquet")));
  }
}
