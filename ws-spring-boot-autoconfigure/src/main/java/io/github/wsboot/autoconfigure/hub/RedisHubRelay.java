package io.github.wsboot.autoconfigure.hub;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import io.github.wsboot.websocket.PreparedMessage;
import io.github.wsboot.websocket.hub.HubBroker;

/**
 * A {@link HubBroker} that relays published messages to every instance through one Redis pub/sub channel.
 * Its jobs are in their own classes: {@link RelayOutbox} (bounded, numbered), {@link RelayPublisher} (the loop
 * that publishes it in order), {@link RelaySubscription} (receiving), {@link RelayDeduplicator} (once) and
 * {@link RelayConnectionState} (for {@link #status()}).
 *
 * <ul>
 *   <li><b>Local first.</b> A publish is delivered to this instance's subscribers at once and put in a bounded
 *       outbox for Redis, so local delivery never waits for Redis and keeps working while it is down.</li>
 *   <li><b>Order.</b> One thread publishes the outbox in order on one channel, and received messages are
 *       delivered on the subscription's thread in arrival order, so each publisher's messages keep their order
 *       per topic (and across topics) on every instance.</li>
 *   <li><b>Once.</b> Each message carries this instance's id and a sequence number: an instance ignores its
 *       own messages (it delivered them locally) and any sequence number it already saw from a publisher (a
 *       publish retried after a lost reply).</li>
 *   <li><b>Outage.</b> While Redis is unreachable the outbox keeps the newest {@code outboxLimit} messages;
 *       when it returns, the relay waits (at most {@code resubscribeWait}) until as many subscribers as before
 *       are back on the channel, then publishes the outbox in order. {@link #status()} reports the outage.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class RedisHubRelay implements HubBroker {

    private static final System.Logger LOG = System.getLogger(RedisHubRelay.class.getName());

    /** The relay's state for health and metrics: {@code error} and {@code downSince} are null while connected. */
    public record Status(boolean connected, @Nullable String error, @Nullable Instant downSince, int outbox,
                         long published, long received, long dropped, long failures) {
    }

    private final String channel;
    private final UUID instance = UUID.randomUUID();
    private final RelayConnectionState state = new RelayConnectionState("hub relay");
    private final RelayOutbox outbox;
    private final RelayDeduplicator deduplicator = new RelayDeduplicator(instance);
    private final RelaySubscription subscription;
    private final RelayPublisher publisher;
    private final AtomicLong received = new AtomicLong();
    private volatile @Nullable Delivery delivery;

    /**
     * @param channel         the Redis channel shared by the instances
     * @param outboxLimit     messages kept for Redis while it is unreachable
     * @param resubscribeWait after an outage, how long to wait for subscribers to return before publishing
     */
    public RedisHubRelay(RedisConnectionFactory connectionFactory, String channel, int outboxLimit,
                         Duration resubscribeWait) {
        this.channel = channel;
        this.outbox = new RelayOutbox(instance, outboxLimit);
        this.subscription = new RelaySubscription(connectionFactory, state);
        this.subscription.listen(channel, this::onMessage);
        this.publisher = new RelayPublisher(connectionFactory, channel, instance, outbox, state, subscription,
                resubscribeWait);
    }

    @Override
    public void start(Delivery localDelivery) {
        this.delivery = localDelivery;
        subscription.ensure(); // Redis may be down at startup: the application starts anyway, and the loop retries
        publisher.start();
    }

    @Override
    public void publish(String topic, PreparedMessage message) {
        Delivery d = delivery;
        if (d == null) {
            throw new IllegalStateException("hub relay: not started");
        }
        d.deliver(topic, message);
        outbox.add(topic, message.type(), message.payload());
    }

    /** A message from the channel: another instance's publish for our local subscribers. */
    private void onMessage(Message message, byte @Nullable [] pattern) {
        RelayEnvelope envelope;
        try {
            envelope = RelayEnvelope.decode(message.getBody());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "hub relay: ignoring a foreign message on " + channel + ": " + e.getMessage());
            return;
        }
        if (!deduplicator.accept(envelope)) {
            return;
        }
        received.incrementAndGet();
        Delivery d = delivery;
        if (d != null) {
            d.deliver(envelope.topic(), PreparedMessage.of(envelope.type(), envelope.payload()));
        }
    }

    /** The relay's state now. */
    public Status status() {
        return new Status(state.connected(), state.error(), state.downSince(), outbox.size(), publisher.published(),
                received.get(), outbox.dropped(), state.failures());
    }

    /** This instance's id on the channel. */
    public UUID instanceId() {
        return instance;
    }

    /** The Redis channel. */
    public String channel() {
        return channel;
    }

    @Override
    public void close() {
        publisher.close();
        subscription.close();
    }

    @Override
    public String toString() {
        return "RedisHubRelay[" + channel + ", " + instance + "]";
    }
}
