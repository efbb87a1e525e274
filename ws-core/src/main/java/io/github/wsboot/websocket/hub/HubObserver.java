package io.github.wsboot.websocket.hub;

/**
 * Observes a {@link Hub}, for metrics. Methods are called on the thread where the event happened (a publisher,
 * a drain task or the write-timeout watchdog), outside the hub's locks. Implementations must be fast, must not
 * block and must not throw. Every method does nothing by default.
 */
public interface HubObserver {

    /** An observer that ignores everything. */
    HubObserver NONE = new HubObserver() {};

    /**
     * A message was queued for one connection.
     *
     * @param queuedMessages the connection's queue depth in messages, this one included
     * @param queuedBytes    the connection's queue depth in payload bytes, this one included
     */
    default void enqueued(int queuedMessages, long queuedBytes) {}

    /** {@code messages} queued or new messages were discarded under a drop {@code policy}. */
    default void dropped(OverflowPolicy policy, int messages) {}

    /** A connection was terminated because its queue overflowed under a terminating {@code policy}. */
    default void terminated(OverflowPolicy policy) {}

    /** A connection was terminated because one write took longer than the hub's write timeout. */
    default void writeTimedOut() {}

    /**
     * A message published to {@code topic} reached the end of every queue it was put in: written, dropped or
     * discarded with a closed connection.
     *
     * @param connections how many connections it was queued for
     * @param nanos       from delivery to the hub (the publish, or its arrival from a broker) to the last write
     */
    default void fannedOut(String topic, int connections, long nanos) {}
}
