package io.github.wsboot.autoconfigure.hub;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The relay's publisher loop: one thread publishes the outbox in order, one message at a time, retrying the head
 * until Redis takes it. While idle it pings Redis so that health notices an outage and a recovery. After an
 * outage it waits (at most {@code resubscribeWait}) until as many subscribers as received its last message are
 * back on the channel, since Redis pub/sub delivers only to current subscribers.
 */
final class RelayPublisher {

    private static final System.Logger LOG = System.getLogger(RedisHubRelay.class.getName());
    private static final long IDLE_CHECK_MILLIS = 1000;

    private final RedisConnectionFactory connectionFactory;
    private final String channel;
    private final byte[] channelBytes;
    private final RelayOutbox outbox;
    private final RelayConnectionState state;
    private final RelaySubscription subscription;
    private final Duration resubscribeWait;
    private final byte[] probe;
    private final RecoveryStreams streams;
    private final AtomicLong published = new AtomicLong();
    /** Subscribers that received our last successful publish (ourselves included): who should be back after an outage. */
    private volatile long lastReceivers;

    private volatile boolean running;
    /** Live instances from cluster presence, or 0 when unknown. */
    private volatile LongSupplier liveInstances = () -> 0;

    private @Nullable Thread thread;

    RelayPublisher(
            RedisConnectionFactory connectionFactory,
            String channel,
            UUID instance,
            RelayOutbox outbox,
            RelayConnectionState state,
            RelaySubscription subscription,
            Duration resubscribeWait,
            RecoveryStreams streams) {
        this.connectionFactory = connectionFactory;
        this.channel = channel;
        this.channelBytes = channel.getBytes(StandardCharsets.UTF_8);
        this.outbox = outbox;
        this.state = state;
        this.subscription = subscription;
        this.resubscribeWait = resubscribeWait;
        this.streams = streams;
        this.probe = new RelayEnvelope(instance, RelayDeduplicator.PROBE_SEQUENCE, "", 1, new byte[0]).encode();
    }

    void expectLiveInstances(LongSupplier live) {
        this.liveInstances = live;
    }

    void start() {
        running = true;
        Thread t = new Thread(this::loop, "ws-hub-redis-publisher");
        t.setDaemon(true);
        t.start();
        thread = t;
    }

    long published() {
        return published.get();
    }

    private void loop() {
        while (running) {
            RelayOutbox.Entry head;
            try {
                head = outbox.take(IDLE_CHECK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (!subscription.ensure()) {
                    throw new IllegalStateException("hub relay: not subscribed to " + channel);
                }
                if (head == null) {
                    ping(); // idle: still notice an outage (and a recovery) for health
                    continue;
                }
                if (!state.connected()) {
                    awaitSubscribers();
                }
                lastReceivers = send(head);
                published.incrementAndGet();
                state.markConnected(outbox.size());
            } catch (RuntimeException e) {
                if (head != null) {
                    outbox.putBack(head); // keep the order: this one goes first when Redis is back
                }
                if (!state.failedThenPause(e)) {
                    return;
                }
            }
        }
    }

    /**
     * Publishes one message. When fewer subscribers got it than expected — Redis restarted and replayed the
     * command before every instance subscribed again, without any command failing — waits for them and
     * announces it again; receivers drop the copy they already have (instance and sequence number).
     */
    private long send(RelayOutbox.Entry entry) {
        RecoveryStreams.Appended appended = null;
        long receivers;
        if (entry.recoverable()) {
            appended = streams.append(entry.envelope());
            receivers = appended.receivers();
        } else {
            receivers = publish(entry.envelope().encode());
        }
        if (receivers < expectedReceivers()) {
            awaitSubscribers();
            receivers = appended != null
                    ? streams.announce(appended, entry.envelope())
                    : publish(entry.envelope().encode());
        }
        return receivers;
    }

    /** Subscribers a message should reach: the live instances when presence counts them, else as many as last time. */
    private long expectedReceivers() {
        long live = liveInstances.getAsLong();
        return live > 0 ? live : lastReceivers;
    }

    private long publish(byte[] bytes) {
        try (RedisConnection connection = connectionFactory.getConnection()) {
            Long receivers = connection.publish(channelBytes, bytes);
            return receivers == null ? 0 : receivers;
        }
    }

    private void ping() {
        try (RedisConnection connection = connectionFactory.getConnection()) {
            connection.ping();
        }
        if (!state.connected()) {
            awaitSubscribers();
            state.markConnected(outbox.size());
        }
    }

    /**
     * Redis pub/sub delivers only to current subscribers: after an outage, wait until as many as received our
     * last message are subscribed again (or until {@code resubscribeWait}), so the outbox reaches them.
     */
    private void awaitSubscribers() {
        long deadline = System.nanoTime() + resubscribeWait.toNanos();
        long wanted = expectedReceivers();
        while (running && System.nanoTime() < deadline) {
            wanted = expectedReceivers(); // a dead instance leaves the presence registry meanwhile
            if (publish(probe) >= wanted) { // a probe (sequence 0) only counts subscribers; receivers ignore it
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.log(
                System.Logger.Level.INFO,
                "hub relay: publishing after " + resubscribeWait + " although fewer than " + wanted
                        + " subscribers are back on " + channel);
    }

    void close() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
