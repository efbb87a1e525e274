package io.github.wsboot.websocket.hub;

/**
 * Told when a member joins or leaves a topic of a {@link Hub}; register with {@link Hub#onPresenceChange}.
 * For a change in this process: called on the thread that joined or left (for an automatic leave, the thread
 * that closed the connection), outside the hub's locks. With {@linkplain Hub.Builder#presence cluster presence},
 * also for changes on other instances, on the cluster presence's own thread, in arrival order. Every instance's
 * listeners hear every change: to tell members, use {@link Hub#publishLocally} so that each instance tells its
 * own. Must be quick; it may publish to the hub.
 */
@FunctionalInterface
public interface PresenceListener {

    /**
     * @param topic  the topic
     * @param member the member name given to {@link Hub#join}
     * @param joined true for a join, false for a leave
     */
    void presenceChanged(String topic, String member, boolean joined);
}
