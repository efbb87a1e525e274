package io.github.wsboot.autoconfigure.hub;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

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
 *       delivered on the subscription's one delivery thread in arrival order, so each publisher's messages keep their order
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
    public record Status(
            boolean connected,
            @Nullable String error,
            @Nullable Instant downSince,
            int outbox,
            long published,
            long received,
            long dropped,
            long failures) {}

    /**
     * Catch-up settings: the recoverable topics (names, or prefixes ending in '*'), how long and how many of their
     * messages Redis keeps, and how positions are put into messages.
     */
    public record Recovery(List<String> topics, Duration window, int maxLength, PositionStamp stamp) {

        /** No recoverable topics (more may be declared later). */
        public static Recovery none() {
            return new Recovery(List.of(), Duration.ofMinutes(2), 10_000, PositionStamp.jsonField("position"));
        }
    }

    /** Catch-up counters: resumes that caught up in full, resumes that missed messages, messages written. */
    public record RecoveryStatus(long hits, long misses, long messages) {}

    private final String channel;
    private final UUID instance = UUID.randomUUID();
    private final RecoverableTopics recoverable;
    private final RecoveryStreams streams;
    private final RecoverableDelivery recoverableDelivery;
    /** Accepts this instance's own recoverable messages too: they are delivered locally only from Redis. */
    private final RelayDeduplicator recoverableDeduplicator = new RelayDeduplicator(new UUID(0, 0));

    private final AtomicLong recoveryHits = new AtomicLong();
    private final AtomicLong recoveryMisses = new AtomicLong();
    private final AtomicLong recoveredMessages = new AtomicLong();
    /** Nanoseconds from a recoverable publish's arrival in the outbox to its delivery here, last one seen. */
    private volatile long lastLagNanos = -1;

    private final RelayConnectionState state = new RelayConnectionState("hub relay");
    private final RelayOutbox outbox;
    private final RelayDeduplicator deduplicator = new RelayDeduplicator(instance);
    private final RelaySubscription subscription;
    private final RelayPublisher publisher;
    private final AtomicLong received = new AtomicLong();
    private volatile @Nullable Delivery delivery;

    /**
     * @param prefix          prefix of the Redis channels and keys shared by the instances; the channel of
     *                        ordinary messages is {@code {prefix}messages}
     * @param outboxLimit     messages kept for Redis while it is unreachable
     * @param resubscribeWait after an outage, how long to wait for subscribers to return before publishing
     * @param recovery        the recoverable topics and their stream bounds
     */
    public RedisHubRelay(
            RedisConnectionFactory connectionFactory,
            String prefix,
            int outboxLimit,
            Duration resubscribeWait,
            Recovery recovery) {
        this.channel = prefix + "messages";
        this.outbox = new RelayOutbox(instance, outboxLimit);
        this.recoverable = new RecoverableTopics(recovery.topics());
        this.streams = new RecoveryStreams(connectionFactory, prefix, recovery.maxLength(), recovery.window());
        this.recoverableDelivery = new RecoverableDelivery(recovery.stamp(), recovery.maxLength());
        this.subscription = new RelaySubscription(connectionFactory, state);
        this.subscription.listen(channel, this::onMessage);
        this.subscription.listen(streams.channel(), this::onRecoverable);
        this.publisher = new RelayPublisher(
                connectionFactory, channel, instance, outbox, state, subscription, resubscribeWait, streams);
    }

    @Override
    public void start(Delivery localDelivery) {
        this.delivery = localDelivery;
        recoverableDelivery.start(localDelivery);
        subscription.ensure(); // Redis may be down at startup: the application starts anyway, and the loop retries
        publisher.start();
    }

    @Override
    public void publish(String topic, PreparedMessage message) {
        Delivery d = delivery;
        if (d == null) {
            throw new IllegalStateException("hub relay: not started");
        }
        if (recoverable.matches(topic)) {
            // Delivered here too only once Redis gave it a position: one order on every instance.
            outbox.add(topic, message.type(), message.payload(), true);
            return;
        }
        d.deliver(topic, message);
        outbox.add(topic, message.type(), message.payload(), false);
    }

    /** A recoverable topic's message, announced by the append script in position order (ours included). */
    private void onRecoverable(Message message, byte @Nullable [] pattern) {
        RecoveryStreams.Stored stored;
        try {
            stored = RecoveryStreams.parseAnnouncement(message.getBody());
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "hub relay: ignoring a foreign message on " + streams.channel() + ": " + e.getMessage());
            return;
        }
        if (!recoverableDeduplicator.accept(stored.envelope())) {
            return;
        }
        received.incrementAndGet();
        long ms =
                Long.parseLong(stored.position().substring(0, stored.position().indexOf('-')));
        lastLagNanos = Math.max(0, (System.currentTimeMillis() - ms) * 1_000_000);
        recoverableDelivery.deliverLive(stored);
    }

    /**
     * Tells the relay how many instances are alive (cluster presence's registry), so that a publish that reached
     * fewer subscribers (after a Redis restart that lost the subscriptions) is announced again once they are back.
     */
    public void expectLiveInstances(LongSupplier liveInstances) {
        publisher.expectLiveInstances(liveInstances);
    }

    /** Whether {@code topic} is recoverable. */
    public boolean isRecoverable(String topic) {
        return recoverable.matches(topic);
    }

    /** Declares more recoverable topics: a name, or a prefix ending in '*'. Publishes after this carry positions. */
    public void declareRecoverable(String pattern) {
        recoverable.declare(pattern);
    }

    /**
     * Joins {@code join}'s client to {@code topic} after catching it up from {@code position} (null: no catch-up);
     * see {@link HubRecovery#resume}.
     */
    RecoverableDelivery.Outcome resume(
            String topic, @Nullable String position, Consumer<PreparedMessage> send, Runnable join) {
        if (position == null || !recoverable.matches(topic)) {
            recoverableDelivery.joinLive(topic, join);
            return new RecoverableDelivery.Outcome(0, false, position);
        }
        if (!RecoveryStreams.POSITION.matcher(position).matches()) {
            recoverableDelivery.joinLive(topic, join);
            recoveryMisses.incrementAndGet();
            return new RecoverableDelivery.Outcome(0, true, null);
        }
        RecoverableDelivery.Outcome outcome =
                recoverableDelivery.resume(topic, position, () -> streams.since(topic, position), send, join);
        (outcome.missed() ? recoveryMisses : recoveryHits).incrementAndGet();
        recoveredMessages.addAndGet(outcome.recovered());
        return outcome;
    }

    /** Catch-up counters. */
    public RecoveryStatus recoveryStatus() {
        return new RecoveryStatus(recoveryHits.get(), recoveryMisses.get(), recoveredMessages.get());
    }

    /**
     * Milliseconds between the last recoverable message's position (Redis's clock when appended) and its delivery
     * here (this host's clock), or -1 before the first: the relay's lag, clock skew included.
     */
    public double lagMillis() {
        long lag = lastLagNanos;
        return lag < 0 ? -1 : lag / 1e6;
    }

    /** A message from the channel: another instance's publish for our local subscribers. */
    private void onMessage(Message message, byte @Nullable [] pattern) {
        RelayEnvelope envelope;
        try {
            envelope = RelayEnvelope.decode(message.getBody());
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "hub relay: ignoring a foreign message on " + channel + ": " + e.getMessage());
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
        return new Status(
                state.connected(),
                state.error(),
                state.downSince(),
                outbox.size(),
                publisher.published(),
                received.get(),
                outbox.dropped(),
                state.failures());
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
