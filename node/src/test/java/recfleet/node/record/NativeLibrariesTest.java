package recfleet.node.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The message a user reads when a native library is missing names the library and the Debian
 * package, from what JavaCPP and the dynamic loader really say (the texts below are theirs).
 */
class NativeLibrariesTest {
  @Test
  void a_missing_system_library_is_named_with_its_debian_package() {
    var cause = new UnsatisfiedLinkError("/root/.javacpp/cache/ffmpeg-8.0.1-1.5.13-linux-x86_64-gpl.jar/org/bytedeco/"
        + "ffmpeg/linux-x86_64-gpl/libjniavdevice.so: libpulse.so.0: cannot open shared object file: No such file or directory");
    String message = NativeLibraries.explain(new Exception("Failed to load class org.bytedeco.ffmpeg.global.avdevice", cause))
        .orElseThrow();
    assertTrue(message.contains("libpulse.so.0") && message.contains("Debian package libpulse0"), message);
    assertTrue(message.contains("restart the node"), message);
  }

  @Test
  void a_library_hidden_by_an_empty_file_is_named_under_javacpps_own_wrapping() {
    var loader = new UnsatisfiedLinkError("/root/.javacpp/cache/ffmpeg-8.0.1-1.5.13-linux-x86_64-gpl.jar/org/bytedeco/"
        + "ffmpeg/linux-x86_64-gpl/libjniavdevice.so: /lib/x86_64-linux-gnu/libasound.so.2: file too short");
    var wrapped = new UnsatisfiedLinkError("no jniavdevice in java.library.path: /usr/java/packages/lib:/usr/lib");
    wrapped.initCause(loader);
    String message = NativeLibraries.explain(wrapped).orElseThrow();
    assertTrue(message.contains("libasound.so.2") && message.contains("libasound2"), message);
  }

  @Test
  void natives_for_another_platform_are_said_to_be_linux_x86_64_only() {
    String message = NativeLibraries.explain(new NoClassDefFoundError(
        "Could not initialize class org.bytedeco.ffmpeg.global.avutil")).orElseThrow();
    assertTrue(message.contains("linux-x86_64"), message);
  }

  @Test
  void an_ordinary_source_failure_is_not_taken_for_a_missing_library() {
    assertEquals(Optional.empty(), NativeLibraries.explain(new IOException("cannot open source: Connection refused")));
  }
}
