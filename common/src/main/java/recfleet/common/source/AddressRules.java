package recfleet.common.source;

import java.net.InetAddress;
import java.util.List;

/** A list of addresses and CIDR blocks that an address is matched against, parsed without any lookup. */
public final class AddressRules {
  private final List<HostRule> rules;

  private AddressRules(List<HostRule> rules) {
    this.rules = rules;
  }

  /** Throws IllegalArgumentException for an entry that is not an address or a CIDR block. */
  public static AddressRules of(List<String> entries) {
    List<HostRule> rules = entries.stream().map(HostRule::parse).toList();
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).name() != null) throw new IllegalArgumentException("'" + entries.get(i) + "' is not an address or CIDR");
    }
    return new AddressRules(rules);
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /** Whether the literal address {@code ip} is in one of the blocks. */
  public boolean contains(String ip) {
    byte[] bytes;
    try {
      bytes = HostRule.literal(ip);
      InetAddress address = InetAddress.getByAddress(bytes);
      return rules.stream().anyMatch(r -> r.matches(null, address));
    } catch (IllegalArgumentException | java.net.UnknownHostException e) {
      return false;
    }
  }
}
