package recfleet.node.record;

import recfleet.node.modes.RoomCaptures;
import recfleet.node.notify.NodeEvents;
import recfleet.node.store.CaptureStore;
import recfleet.node.store.RecordingStore;
import recfleet.node.store.RoomStore;

/** What every room's recording task shares on a node; {@code capturers} lists its on-demand rooms. */
public record RecordingParts(RoomStore rooms, RecordingStore recordings, NodeEvents events, RecordingBoard board,
                             RecordOptions options, WriteFence lease, PolicyProxy proxy, LiveRings rings,
                             CaptureStore captures, RoomCaptures capturers) {}
