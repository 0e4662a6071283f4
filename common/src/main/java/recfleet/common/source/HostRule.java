package recfleet.common.source;

import java.net.InetAddress;
import java.util.Locale;

/**
 * One entry of allowed_hosts or denied_hosts: a host name (matched as written, without case), an
 * address, or a CIDR block ({@code 10.0.0.0/8}, {@code fe80::/10}). Parsed without any lookup.
 */
record HostRule(String name, byte[] network, int prefix) {
  static HostRule parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.startsWith("[") && t.endsWith("]")) t = t.substring(1, t.length() - 1);
    int slash = t.indexOf('/');
    String addr = slash < 0 ? t : t.substring(0, slash);
    if (!isLiteral(addr)) {
      if (slash >= 0 || !t.matches("[a-z0-9.-]{1,253}")) throw new IllegalArgumentException("'" + text + "' is not a host, address or CIDR");
      return new HostRule(t, null, 0);
    }
    byte[] bytes = literal(addr);
    int bits = bytes.length * 8;
    int prefix = slash < 0 ? bits : Integer.parseInt(t.substring(slash + 1));
    if (prefix < 0 || prefix > bits) throw new IllegalArgumentException("'" + text + "' has a prefix outside 0-" + bits);
    return new HostRule(null, bytes, prefix);
  }

  boolean matches(String host, InetAddress address) {
    if (name != null) return name.equalsIgnoreCase(host);
    return within(address, network, prefix);
  }

  static boolean within(InetAddress address, byte[] network, int prefix) {
    byte[] a = address.getAddress();
    if (a.length != network.length) return false;
    for (int i = 0; i < prefix; i++) {
      int mask = 0x80 >> (i % 8);
      if ((a[i / 8] & mask) != (network[i / 8] & mask)) return false;
    }
    return true;
  }

  static boolean isLiteral(String s) {
    return s.matches("[0-9.]+") && s.chars().filter(c -> c == '.').count() == 3 || s.contains(":");
  }

  /** Parses an address literal: InetAddress does not look a literal up. */
  static byte[] literal(String s) {
    try {
      return InetAddress.getByName(s).getAddress();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("'" + s + "' is not an address");
    }
  }
}
