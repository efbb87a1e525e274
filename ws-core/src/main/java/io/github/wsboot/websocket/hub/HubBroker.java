package io.github.wsboot.websocket.hub;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.PreparedMessage;

/**
 * Carries published messages to the hubs that deliver them: {@link #local()} delivers in this process only;
 * a relay (such as the starter's Redis relay) also carries them to other instances and hands what they publish
 * to {@link Delivery}. A broker serves one hub.
 */
public interface HubBroker {

    /**
     * Called once by the hub when it is built, before any {@link #publish}.
     *
     * @param localDelivery puts a message into the queues of this process's subscribers; never blocks
     */
    void start(Delivery localDelivery);

    /**
     * Publishes {@code message} to {@code topic} for subscribers in this process and, for a relay, in the
     * others. Called by {@link Hub#publish} on the publisher's thread; must not block on the network. A
     * relay must deliver locally even when its remote side is down, and keep the order of one publisher's
     * messages per topic.
     */
    void publish(String topic, PreparedMessage message);

    /** Stops the broker; called by {@link Hub#close()}. */
    default void close() {}

    /** Where a broker hands messages for this process's subscribers. */
    @FunctionalInterface
    interface Delivery {

        /** Queues {@code message} for this process's subscribers of {@code topic}. */
        void deliver(String topic, PreparedMessage message);
    }

    /** The embedded default: delivery in this process only. */
    static HubBroker local() {
        return new HubBroker() {
            private volatile @Nullable Delivery delivery;

            @Override
            public void start(Delivery localDelivery) {
                this.delivery = localDelivery;
            }

            @Override
            public void publish(String topic, PreparedMessage message) {
                Delivery d = delivery;
                if (d == null) {
                    throw new IllegalStateException("the broker has not been started by a hub");
                }
                d.deliver(topic, message);
            }

            @Override
            public String toString() {
                return "HubBroker.local()";
            }
        };
    }
}
