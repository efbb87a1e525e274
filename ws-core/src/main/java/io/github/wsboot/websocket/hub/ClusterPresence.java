package io.github.wsboot.websocket.hub;

import java.util.List;
import java.util.function.Supplier;

/**
 * Presence shared by the instances of a cluster, for {@link Hub.Builder#presence}: the hub records each local
 * join and leave here, asks it for the members on the other instances, and is told of their joins and leaves.
 * Implementations (the starter's Redis presence) must not block the joining thread on the network and must
 * forget a crashed instance's members within a bounded time.
 */
public interface ClusterPresence {

    /** One local membership: a connection (its hub-wide {@code id}) in {@code topic} as {@code member}. */
    record Membership(String topic, long id, String member) {}

    /**
     * Called once when the hub is built.
     *
     * @param remoteChanges to call for each join and leave on another instance (or of a crashed one's members)
     * @param local         the memberships in this process now, to record again after the shared store lost them
     */
    void start(PresenceListener remoteChanges, Supplier<List<Membership>> local);

    /** A connection of this process joined {@code topic} as {@code member} (or was renamed to it). */
    void joined(Membership membership);

    /** A connection of this process left {@code topic}. */
    void left(Membership membership);

    /**
     * The members of {@code topic} on the other live instances (not this one), ordered by join time. May ask the
     * shared store; returns what it knows (possibly nothing) when the store is unreachable.
     */
    List<String> remoteMembers(String topic);

    /** Removes this instance's members from the shared store; called by {@link Hub#close()}. */
    default void close() {}
}
