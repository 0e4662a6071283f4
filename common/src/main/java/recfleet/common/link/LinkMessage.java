package recfleet.common.link;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Everything a node and its master say to each other, whatever carries it: the clustered event
 * bus, the master's {@code /link} WebSocket (reverse), the node's API and {@code /ws} (forward),
 * or the HTTP long-poll fallback. On the wire each message is one JSON object whose
 * {@code type} names it.
 */
// a type this version does not know (a newer peer's) decodes as UnknownFrame, which receivers ignore
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type", defaultImpl = UnknownFrame.class)
@JsonSubTypes({
    @JsonSubTypes.Type(value = NodeHello.class, name = "hello"),
    @JsonSubTypes.Type(value = NodeHeartbeat.class, name = "heartbeat"),
    @JsonSubTypes.Type(value = NodeLeaving.class, name = "leaving"),
    @JsonSubTypes.Type(value = NodeEventFrame.class, name = "event"),
    @JsonSubTypes.Type(value = RoomSync.class, name = "sync"),
    @JsonSubTypes.Type(value = LinkRefused.class, name = "refused")})
public sealed interface LinkMessage permits NodeHello, NodeHeartbeat, NodeLeaving, NodeEventFrame, RoomSync,
    LinkRefused, UnknownFrame {
}
