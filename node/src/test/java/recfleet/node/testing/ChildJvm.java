package recfleet.node.testing;

import recfleet.common.testing.Poll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts one of the project's main classes in its own JVM, on the test's class path, with settings
 * from the environment as a user would give them, and waits until it writes the port it bound.
 */
final class ChildJvm {
  record Started(Process process, int port) {}

  private ChildJvm() {}

  static Started start(String mainClass, List<String> jvmArgs, Map<String, String> env, Path log, Path portFile,
                       String what) throws IOException {
    return start(List.of(), mainClass, jvmArgs, List.of(), env, log, portFile, what);
  }

  /** {@code wrapper}: a command the JVM runs under (e.g. in its own mount namespace); {@code args}: the main class's. */
  static Started start(List<String> wrapper, String mainClass, List<String> jvmArgs, List<String> args,
                       Map<String, String> env, Path log, Path portFile, String what) throws IOException {
    Files.deleteIfExists(portFile);
    List<String> command = new ArrayList<>(wrapper);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // C1 only: a child lives a minute or two, and on 2 cores the C2 compiler threads of three or four
    // JVMs busy at once take CPU the test's own timing needs; what the code does is the same
    command.add("-XX:TieredStopAtLevel=1");
    command.addAll(jvmArgs);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    pb.environment().putAll(env);
    Process p = pb.start();
    int port = Poll.until(Duration.ofSeconds(90), what + " to listen", () -> {
      if (!p.isAlive()) throw new IllegalStateException(what + " exited with " + p.exitValue() + "; see " + log);
      return Files.exists(portFile) ? Integer.parseInt(Files.readString(portFile).strip()) : null;
    });
    return new Started(p, port);
  }
}
