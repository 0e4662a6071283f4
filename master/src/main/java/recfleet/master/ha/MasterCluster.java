package recfleet.master.ha;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import recfleet.master.store.MasterStore;

/**
 * The masters' Hazelcast cluster as one master sees it: who leads ({@link Leadership}), the shared
 * fleet state ({@link FleetState}), and this master's copy of that state in its own database
 * ({@link FleetMirror}). Every master marks its member with its role and public URL, so nodes in
 * the same cluster are never counted as masters, and a follower can tell nodes where the leader is.
 */
public final class MasterCluster {
  static final String ROLE = "recfleet.role";
  static final String MASTER = "master";
  static final String URL = "recfleet.url";
  static final String SPLIT_BRAIN = "recfleet-masters";

  private final HazelcastInstance hazelcast;
  private final int configuredMasters;
  private final FleetState state;

  public MasterCluster(HazelcastInstance hazelcast, int configuredMasters) {
    this.hazelcast = hazelcast;
    this.configuredMasters = configuredMasters;
    this.state = new FleetState(hazelcast);
  }

  /**
   * What a master adds to its Hazelcast config before it joins: its role and URL, and the fleet
   * maps' synchronous backups (one per other master, at most 6) behind split-brain protection
   * that needs a majority of the configured masters among the members it sees.
   */
  public static Consumer<Config> configure(int configuredMasters, String publicUrl) {
    int quorum = configuredMasters / 2 + 1;
    return hz -> {
      hz.getMemberAttributeConfig().setAttribute(ROLE, MASTER).setAttribute(URL, publicUrl);
      hz.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(SPLIT_BRAIN, true, quorum)
          .setProtectOn(SplitBrainProtectionOn.READ_WRITE)
          .setFunctionImplementation(members -> members.stream().filter(MasterCluster::isMaster).count() >= quorum));
      hz.addMapConfig(new MapConfig(FleetState.PREFIX + "*")
          .setBackupCount(Math.min(6, Math.max(1, configuredMasters - 1))).setAsyncBackupCount(0)
          .setSplitBrainProtectionName(SPLIT_BRAIN));
    };
  }

  private static boolean isMaster(Member m) {
    return MASTER.equals(m.getAttribute(ROLE));
  }

  /** The leadership now, from the member list as this master sees it. */
  public Leadership current() {
    List<Leadership.Member> members = new ArrayList<>();
    try {
      for (Member m : hazelcast.getCluster().getMembers()) {
        members.add(new Leadership.Member(m.getUuid().toString(), isMaster(m), m.getAttribute(URL)));
      }
      return Leadership.of(members, hazelcast.getCluster().getLocalMember().getUuid().toString(), configuredMasters);
    } catch (RuntimeException e) {
      // not active for a moment (merging after a split, stopping): nobody leads from here meanwhile
      return Leadership.of(List.of(), "", configuredMasters);
    }
  }

  /**
   * The state a master that takes the lead starts from: the shared maps, or, when no master ever
   * wrote them (the whole cluster started afresh), its own database, which then seeds the maps.
   * Blocking; fails on a side without a majority.
   */
  public MasterStore.Loaded loadForLeader(MasterStore store) {
    var shared = state.load();
    if (shared.isPresent()) return shared.get();
    MasterStore.Loaded own = store.load();
    state.seed(own);
    return own;
  }

  public FleetState state() {
    return state;
  }

  /** Starts copying every change of the shared state into {@code store} while {@code following} says so. */
  public FleetMirror mirrorInto(MasterStore store, BooleanSupplier following) {
    return new FleetMirror(state, store, following);
  }
}
