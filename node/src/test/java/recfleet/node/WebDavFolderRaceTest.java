package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.node.testing.RcloneWebDav;

/** Uploads running side by side into a folder that does not exist yet, against a real rclone WebDAV. */
class WebDavFolderRaceTest {
  @TempDir
  Path dir;

  @Test
  void uploads_racing_to_make_the_same_new_folder_all_succeed() throws Exception {
    // Two workers making one folder at once: rclone answers the loser's MKCOL with 423 Locked,
    // Apache with 405. Either way both files must land.
    try (RcloneWebDav dav = RcloneWebDav.start(dir.resolve("dav"), null, dir.resolve("rclone.log"))) {
      for (int round = 0; round < 10; round++) { // the losing window is short: give it many chances
        String root = "/race" + round;
        var storage = new recfleet.node.upload.WebDavStorage(new recfleet.node.upload.WebDavOptions(dav.url(),
            RcloneWebDav.USER, RcloneWebDav.PASS, root, "covers", java.time.Duration.ofSeconds(60)));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
          var start = new java.util.concurrent.CountDownLatch(1);
          List<java.util.concurrent.Future<?>> uploads = new java.util.ArrayList<>();
          for (int i = 0; i < 8; i++) {
            int n = i;
            uploads.add(pool.submit(() -> {
              start.await();
              storage.storeBytes(("cover " + n).getBytes(), "covers/room" + n + "/file" + n + ".jpg");
              return null;
            }));
          }
          start.countDown();
          for (var u : uploads) u.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
          pool.shutdownNow();
        }
        for (int i = 0; i < 8; i++) {
          assertEquals("cover " + i, Files.readString(dav.folder().resolve("race" + round + "/covers/room" + i
              + "/file" + i + ".jpg")));
        }
      }
    }
  }
}
