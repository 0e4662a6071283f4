package recfleet.node.record;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says which system library an FFmpeg native could not load, and which Debian package holds it.
 * JavaCV's FFmpeg build links libavdevice against desktop libraries (PulseAudio, ALSA, X11/XCB)
 * that a server rarely has; other parts need none. A missing library does not go away by retrying,
 * so a source that hits one is reported once and not retried.
 */
public final class NativeLibraries {
  private static final Logger log = LoggerFactory.getLogger(NativeLibraries.class);
  private static final Pattern MISSING = Pattern.compile("([\\w.+-]+\\.so(?:\\.[\\d.]+)?): cannot open shared object file");
  private static final Pattern TOO_SHORT = Pattern.compile("([\\w.+-]+\\.so(?:\\.[\\d.]+)?): file too short");
  private static final Map<String, String> PACKAGES = Map.ofEntries(
      Map.entry("libpulse.so.0", "libpulse0"), Map.entry("libasound.so.2", "libasound2"),
      Map.entry("libxcb.so.1", "libxcb1"), Map.entry("libxcb-shm.so.0", "libxcb-shm0"),
      Map.entry("libxcb-shape.so.0", "libxcb-shape0"), Map.entry("libxcb-xfixes.so.0", "libxcb-xfixes0"),
      Map.entry("libX11.so.6", "libx11-6"), Map.entry("libXext.so.6", "libxext6"), Map.entry("libXv.so.1", "libxv1"),
      Map.entry("libsndio.so.7.0", "libsndio7.0"), Map.entry("libdrm.so.2", "libdrm2"),
      Map.entry("libSDL2-2.0.so.0", "libsdl2-2.0-0"));

  private NativeLibraries() {}

  /**
   * When {@code failure} (or one of its causes) is a native library that cannot load: a sentence
   * naming it and, where known, the Debian package to install. Empty for any other failure.
   */
  public static Optional<String> explain(Throwable failure) {
    // the dynamic loader's own words sit deepest: JavaCPP wraps them in "no jni... in java.library.path"
    for (Throwable t = failure; t != null; t = t.getCause()) {
      Optional<String> lib = libraryIn(String.valueOf(t.getMessage()));
      if (lib.isPresent()) {
        String pkg = PACKAGES.get(lib.get());
        return Optional.of("FFmpeg's native code cannot load: the system library " + lib.get() + " is missing"
            + (pkg == null ? "" : " (Debian package " + pkg + ")") + "; install it and restart the node");
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof LinkageError) {
        return Optional.of("FFmpeg's native code cannot load (" + t.getMessage() + "); recfleet ships it for linux-x86_64 only");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> libraryIn(String text) {
    for (Pattern p : new Pattern[] {MISSING, TOO_SHORT}) {
      Matcher m = p.matcher(text);
      if (m.find()) return Optional.of(m.group(1));
    }
    return Optional.empty();
  }

  /**
   * Says once, at boot, whether libavdevice loads. Nothing recfleet records needs it (lavfi test
   * sources run through libavfilter), but whoever reads the log knows what is missing.
   */
  public static void reportDevices() {
    try {
      org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.global.avdevice.class);
      log.info("FFmpeg natives: libavdevice loads");
    } catch (Throwable e) { // UnsatisfiedLinkError, or NoClassDefFoundError after a first failure
      log.info("FFmpeg natives: libavdevice does not load ({}); not needed: lavfi test sources run through"
          + " libavfilter", explain(e).orElse(e.toString()));
    }
  }
}
