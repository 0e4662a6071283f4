package recfleet.node.media;

/** What a packet carries. */
public enum TrackKind { VIDEO, AUDIO }
