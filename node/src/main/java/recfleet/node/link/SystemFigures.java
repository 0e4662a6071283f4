package recfleet.node.link;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** Samples CPU, memory and free disk of this process and machine. Blocking (disk query). */
public final class SystemFigures {
  public record Sample(double cpuLoad, double processCpuLoad, long heapUsedBytes, long heapMaxBytes,
                      long diskFreeBytes) {}

  private SystemFigures() {}

  public static Sample sample(Path disk) {
    double cpu = -1;
    double processCpu = -1;
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      cpu = os.getCpuLoad();
      processCpu = os.getProcessCpuLoad();
    }
    Runtime rt = Runtime.getRuntime();
    long free;
    try {
      free = Files.getFileStore(Files.exists(disk) ? disk : disk.toAbsolutePath().getRoot()).getUsableSpace();
    } catch (IOException e) {
      free = -1;
    }
    return new Sample(cpu, processCpu, rt.totalMemory() - rt.freeMemory(), rt.maxMemory(), free);
  }
}
