package recfleet.master.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The leadership rule on member lists as Hazelcast hands them out: oldest first, nodes mixed in. */
class LeadershipTest {
  private static final Leadership.Member M1 = new Leadership.Member("m1", true, "http://127.0.0.1:8201");
  private static final Leadership.Member M2 = new Leadership.Member("m2", true, "http://127.0.0.1:8202");
  private static final Leadership.Member M3 = new Leadership.Member("m3", true, "http://127.0.0.1:8203");
  private static final Leadership.Member NODE = new Leadership.Member("n1", false, null);

  @Test
  void the_oldest_master_leads_and_nodes_in_the_cluster_never_do() {
    List<Leadership.Member> members = List.of(NODE, M2, M1, M3);
    assertTrue(Leadership.of(members, "m2", 3).leads(), "m2 is the oldest master");
    assertFalse(Leadership.of(members, "m1", 3).leads());
    assertEquals("http://127.0.0.1:8202", Leadership.of(members, "m1", 3).leaderUrl(), "a follower knows where to send nodes");
    assertFalse(Leadership.of(members, "n1", 3).leads());
  }

  @Test
  void when_the_leader_dies_the_next_oldest_master_leads_while_a_majority_is_seen() {
    assertTrue(Leadership.of(List.of(M2, M3), "m2", 3).leads(), "two of three: a majority");
    assertFalse(Leadership.of(List.of(M3), "m3", 3).leads(), "one of three: a minority places nothing");
    assertFalse(Leadership.of(List.of(M3), "m3", 3).quorate());
  }

  @Test
  void in_a_split_only_the_majority_side_has_a_leader() {
    // the same three masters split two against one: each side sees only its own members
    Leadership majority = Leadership.of(List.of(M1, M2), "m1", 3);
    Leadership minority = Leadership.of(List.of(M3), "m3", 3);
    assertTrue(majority.leads());
    assertFalse(minority.leads());
    // five masters split three against two
    assertTrue(Leadership.of(List.of(M1, M2, M3), "m1", 5).leads());
    assertFalse(Leadership.of(List.of(M1, M2), "m1", 5).leads());
  }

  @Test
  void a_single_master_leads_alone() {
    assertTrue(Leadership.of(List.of(M1), "m1", 1).leads());
    assertTrue(Leadership.alone().leads());
  }
}
