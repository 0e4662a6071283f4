package recfleet.master.fleet;

/** UP: heard within down_after. DOWN: silent too long or gone from the cluster. LEFT: said goodbye. */
public enum NodeState { UP, DOWN, LEFT }
