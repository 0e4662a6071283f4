package recfleet.common.link;

/**
 * A link message of a type this version does not know, from a newer peer in a rolling upgrade:
 * receivers log it and carry on, and the link stays up.
 */
public record UnknownFrame() implements LinkMessage {}
