package recfleet.node.api;

import io.vertx.core.WorkerExecutor;
import recfleet.node.modes.CameraTasks;
import recfleet.node.modes.RoomCaptures;
import recfleet.node.notify.NodeEvents;
import recfleet.node.record.LiveRings;
import recfleet.node.record.RecordingBoard;
import recfleet.node.record.RoomService;
import recfleet.node.store.NodeStores;
import recfleet.node.upload.CoverMaker;
import recfleet.node.upload.Storages;

/**
 * What the API's routes read and act on; {@code dbWorkers} runs their database calls; {@code rings}
 * hold live rooms' recent packets; {@code capturers} are the on-demand rooms captures go to, and
 * {@code cameraTasks} camera.py's tasks on them.
 */
public record ApiParts(RoomService rooms, NodeStores stores, RecordingBoard board, Storages storage,
                       CoverMaker covers, WorkerExecutor dbWorkers, LiveRings rings, RoomCaptures capturers,
                       NodeEvents events, CameraTasks cameraTasks) {}
