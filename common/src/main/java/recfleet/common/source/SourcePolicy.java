package recfleet.common.source;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import recfleet.common.SourceSpec;
import recfleet.common.config.ConfigKey;
import recfleet.common.config.RecfleetConfig;

/**
 * What a room's source may be ([RECORD]): its scheme; a file only under file_roots; a lavfi graph
 * only when allowed, and only of filters that make test signals (none that reads a file); and, for a
 * network source, no link-local address (cloud metadata services live there) unless allowed_hosts
 * names it, nothing denied_hosts names, and only what allowed_hosts names when it is set. LAN
 * cameras and a server on the same box stay allowed by default. Addresses are judged after DNS;
 * a refusal names the rule.
 */
public final class SourcePolicy {
  public static final List<ConfigKey> KEYS = List.of(
      new ConfigKey("RECORD", "allowed_schemes", "rtmp,rtmps,rtsp,rtsps,srt,http,https",
          "schemes a room's source may use (file and lavfi have their own keys)"),
      new ConfigKey("RECORD", "file_roots", "", "folders file sources may be read from; empty: no file source"),
      new ConfigKey("RECORD", "allow_lavfi", "false", "true: lavfi: test-signal sources are allowed"),
      new ConfigKey("RECORD", "allowed_hosts", "", "if set, network sources may reach only these hosts, addresses or CIDRs"),
      new ConfigKey("RECORD", "denied_hosts", "", "hosts, addresses or CIDRs network sources may never reach"));

  /** Filters that make test signals or shape them; none reads a file or reaches the network. */
  private static final Set<String> LAVFI_FILTERS = Set.of("testsrc", "testsrc2", "smptebars", "smptehdbars",
      "rgbtestsrc", "yuvtestsrc", "pal75bars", "pal100bars", "color", "colorspectrum", "mandelbrot", "life",
      "cellauto", "allrgb", "allyuv", "gradients", "nullsrc", "sine", "anoisesrc", "anullsrc", "aevalsrc",
      "realtime", "arealtime", "format", "aformat", "scale", "fps", "setpts", "asetpts", "volume", "aresample",
      "null", "anull", "hflip", "vflip", "drawbox", "split", "asplit", "trim", "atrim", "pad", "crop");
  private static final byte[] LINK_LOCAL_V4 = {(byte) 169, (byte) 254, 0, 0};
  private static final byte[] LINK_LOCAL_V6 = {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

  private final Set<String> schemes;
  private final List<Path> fileRoots;
  private final boolean allowLavfi;
  private final List<HostRule> allowed;
  private final List<HostRule> denied;

  private SourcePolicy(Set<String> schemes, List<Path> fileRoots, boolean allowLavfi, List<HostRule> allowed,
                       List<HostRule> denied) {
    this.schemes = schemes;
    this.fileRoots = fileRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    this.allowLavfi = allowLavfi;
    this.allowed = allowed;
    this.denied = denied;
  }

  /** Throws IllegalArgumentException for a host entry that is not a host, address or CIDR. */
  public static SourcePolicy of(Set<String> schemes, List<Path> fileRoots, boolean allowLavfi, List<String> allowedHosts,
                                List<String> deniedHosts) {
    return new SourcePolicy(schemes, fileRoots, allowLavfi, allowedHosts.stream().map(HostRule::parse).toList(),
        deniedHosts.stream().map(HostRule::parse).toList());
  }

  public static SourcePolicy from(RecfleetConfig c) {
    List<String> schemes = c.list("RECORD", "allowed_schemes").stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    List<Path> roots = c.list("RECORD", "file_roots").stream().map(Path::of).toList();
    boolean lavfi = c.bool("RECORD", "allow_lavfi");
    List<HostRule> allowed;
    try {
      allowed = c.list("RECORD", "allowed_hosts").stream().map(HostRule::parse).toList();
    } catch (IllegalArgumentException e) {
      throw c.bad("RECORD", "allowed_hosts", c.string("RECORD", "allowed_hosts"), e.getMessage());
    }
    try {
      return new SourcePolicy(Set.copyOf(schemes), roots, lavfi, allowed,
          c.list("RECORD", "denied_hosts").stream().map(HostRule::parse).toList());
    } catch (IllegalArgumentException e) {
      throw c.bad("RECORD", "denied_hosts", c.string("RECORD", "denied_hosts"), e.getMessage());
    }
  }

  /** This policy with lavfi test sources allowed: what --demo runs with, for its own test pattern. */
  public SourcePolicy withLavfi() {
    return new SourcePolicy(schemes, fileRoots, true, allowed, denied);
  }

  /** The checks that need no lookup: scheme, file roots, lavfi filters. */
  public void checkForm(String url, SourceSpec spec) {
    if (spec.isFilterGraph()) {
      if (!allowLavfi) throw new SourceRefused("lavfi sources are off ([RECORD] allow_lavfi = false)");
      for (String filter : filtersOf(spec.input())) {
        if (!LAVFI_FILTERS.contains(filter)) {
          throw new SourceRefused("lavfi filter '" + filter + "' is not one of the test-signal filters allowed"
              + " (none may read a file)");
        }
      }
      return;
    }
    if (spec.finite()) {
      Path file = Path.of(spec.input()).toAbsolutePath().normalize();
      if (fileRoots.stream().noneMatch(file::startsWith)) {
        throw new SourceRefused("file sources are read only under [RECORD] file_roots" + (fileRoots.isEmpty() ? " (none set)" : ""));
      }
      return;
    }
    String scheme = URI.create(spec.input()).getScheme().toLowerCase(Locale.ROOT);
    if (!schemes.contains(scheme)) throw new SourceRefused("scheme " + scheme + " is not in [RECORD] allowed_schemes");
  }

  /** Resolves a network source's host and judges every address it has. Blocking (DNS). */
  public void checkHost(String host) throws UnknownHostException {
    for (InetAddress address : InetAddress.getAllByName(host)) checkAddress(host, address);
  }

  /** Judges one address {@code host} resolved to. */
  public void checkAddress(String host, InetAddress address) {
    String shown = host.equals(address.getHostAddress()) ? host : host + " (" + address.getHostAddress() + ")";
    boolean listed = allowed.stream().anyMatch(r -> r.matches(host, address));
    if (denied.stream().anyMatch(r -> r.matches(host, address))) {
      throw new SourceRefused(shown + " is in [RECORD] denied_hosts");
    }
    if (!allowed.isEmpty() && !listed) throw new SourceRefused(shown + " is not in [RECORD] allowed_hosts");
    if (address.isAnyLocalAddress()) throw new SourceRefused(shown + " is the unspecified address");
    boolean linkLocal = HostRule.within(address, LINK_LOCAL_V4, 16) || HostRule.within(address, LINK_LOCAL_V6, 10);
    if (linkLocal && !listed) {
      throw new SourceRefused(shown + " is link-local (cloud metadata services live there); list it in"
          + " [RECORD] allowed_hosts to allow it");
    }
  }

  /** The filter names of a graph: what stands before '=' in each link of each chain, labels removed. */
  static List<String> filtersOf(String graph) {
    List<String> names = new ArrayList<>();
    for (String part : graph.split("[;,]")) {
      String p = part.replaceAll("\\[[^\\]]*\\]", "").strip();
      if (p.isEmpty()) continue;
      int eq = p.indexOf('=');
      names.add((eq < 0 ? p : p.substring(0, eq)).strip().toLowerCase(Locale.ROOT));
    }
    return names;
  }
}
