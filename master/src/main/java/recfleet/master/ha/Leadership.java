package recfleet.master.ha;

import java.util.List;

/**
 * Who leads the masters, decided the same way on every master from the same member list: the
 * oldest master member (Hazelcast lists members oldest first, and every member sees the same order
 * outside a split). A leader acts only while it sees a majority of the configured masters, so in a
 * split the minority side places nothing and moves nothing. Pure: {@link MasterCluster} feeds it.
 */
public record Leadership(String leaderMember, String leaderUrl, int mastersSeen, int quorum, boolean local) {

  /** One member of the cluster as the master sees it: its id, whether it is a master, its public URL. */
  public record Member(String id, boolean master, String url) {}

  /** The leadership for the master {@code localId}, given every member oldest first and the configured master count. */
  public static Leadership of(List<Member> membersOldestFirst, String localId, int configuredMasters) {
    List<Member> masters = membersOldestFirst.stream().filter(Member::master).toList();
    int quorum = configuredMasters / 2 + 1;
    if (masters.isEmpty()) return new Leadership(null, null, 0, quorum, false);
    Member oldest = masters.get(0);
    return new Leadership(oldest.id(), oldest.url(), masters.size(), quorum, oldest.id().equals(localId));
  }

  /** The single master of a fleet without a cluster of masters: it always leads. */
  public static Leadership alone() {
    return new Leadership("self", null, 1, 1, true);
  }

  /** Whether the masters this one sees are a majority of those configured. */
  public boolean quorate() {
    return mastersSeen >= quorum;
  }

  /** Whether this master places and moves rooms now. */
  public boolean leads() {
    return local && quorate();
  }

  /** For the logs: who leads, and whether a majority is seen. */
  public String describe() {
    if (!quorate()) return "no majority of the masters (" + mastersSeen + " seen, " + quorum + " needed): nobody leads here";
    return local ? "this master leads (" + mastersSeen + " master(s) seen)"
        : "this master follows; the leader is " + (leaderUrl == null ? leaderMember : leaderUrl);
  }
}
