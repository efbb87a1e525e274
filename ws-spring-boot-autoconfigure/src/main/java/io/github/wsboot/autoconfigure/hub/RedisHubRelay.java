package io.github.wsboot.autoconfigure.hub;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import io.github.wsboot.websocket.PreparedMessage;
import io.github.wsboot.websocket.hub.HubBroker;

/**
 * A {@link HubBroker} that relays published messages to every instance through one Redis pub/sub channel.
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
    private static final long IDLE_CHECK_MILLIS = 1000;
    private static final long MAX_BACKOFF_MILLIS = 1000;
    /** The sequence number of a probe message, which only counts subscribers; real messages start at 1. */
    private static final long PROBE_SEQUENCE = 0;

    /** The relay's state for health and metrics: {@code error} and {@code downSince} are null while connected. */
    public record Status(boolean connected, @Nullable String error, @Nullable Instant downSince, int outbox,
                         long published, long received, long dropped, long failures) {
    }

    private final RedisConnectionFactory connectionFactory;
    private final String channel;
    private final byte[] channelBytes;
    private final int outboxLimit;
    private final Duration resubscribeWait;
    private final UUID instance = UUID.randomUUID();
    private final byte[] probe = new RelayEnvelope(instance, PROBE_SEQUENCE, "", 1, new byte[0]).encode();
    private final ReentrantLock enqueueLock = new ReentrantLock();
    private long sequence; // enqueueLock
    private final LinkedBlockingDeque<RelayEnvelope> outbox = new LinkedBlockingDeque<>();
    private final Map<UUID, Long> lastSeen = new ConcurrentHashMap<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean connected = true;
    private volatile @Nullable String error;
    private volatile @Nullable Instant downSince;
    /** Subscribers that received our last successful publish (ourselves included): who should be back after an outage. */
    private volatile long lastReceivers;
    private volatile boolean running;
    private volatile boolean subscribed;
    private volatile @Nullable Delivery delivery;
    private @Nullable RedisMessageListenerContainer container;
    private @Nullable Thread publisher;

    /**
     * @param channel         the Redis channel shared by the instances
     * @param outboxLimit     messages kept for Redis while it is unreachable
     * @param resubscribeWait after an outage, how long to wait for subscribers to return before publishing
     */
    public RedisHubRelay(RedisConnectionFactory connectionFactory, String channel, int outboxLimit,
                         Duration resubscribeWait) {
        if (outboxLimit <= 0) {
            throw new IllegalArgumentException("outbox limit must be positive: " + outboxLimit);
        }
        this.connectionFactory = connectionFactory;
        this.channel = channel;
        this.channelBytes = channel.getBytes(StandardCharsets.UTF_8);
        this.outboxLimit = outboxLimit;
        this.resubscribeWait = resubscribeWait;
    }

    @Override
    public void start(Delivery localDelivery) {
        this.delivery = localDelivery;
        running = true;
        RedisMessageListenerContainer c = new RedisMessageListenerContainer();
        c.setConnectionFactory(connectionFactory);
        c.setTaskExecutor(new SyncTaskExecutor()); // deliver in arrival order, on the subscription's thread
        c.setRecoveryInterval(500);
        c.addMessageListener(this::onMessage, new ChannelTopic(channel));
        c.afterPropertiesSet();
        container = c;
        subscribe(); // Redis may be down at startup: the application starts anyway, and the loop retries
        Thread t = new Thread(this::publishLoop, "ws-hub-redis-publisher");
        t.setDaemon(true);
        t.start();
        publisher = t;
    }

    @Override
    public void publish(String topic, PreparedMessage message) {
        Delivery d = delivery;
        if (d == null) {
            throw new IllegalStateException("hub relay: not started");
        }
        d.deliver(topic, message);
        byte[] payload = message.payload();
        enqueueLock.lock();
        try {
            // Sequence numbers enter the outbox in order: receivers drop any number not above the last seen.
            outbox.offerLast(new RelayEnvelope(instance, ++sequence, topic, message.type(), payload));
            while (outbox.size() > outboxLimit && outbox.pollFirst() != null) {
                dropped.incrementAndGet();
            }
        } finally {
            enqueueLock.unlock();
        }
    }

    /** Publishes the outbox in order, one message at a time, retrying the head until Redis takes it. */
    private void publishLoop() {
        long backoff = 50;
        while (running) {
            RelayEnvelope head;
            try {
                head = outbox.pollFirst(IDLE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (!subscribed && !subscribe()) {
                    throw new IllegalStateException("hub relay: not subscribed to " + channel);
                }
                if (head == null) {
                    ping(); // idle: still notice an outage (and a recovery) for health
                    continue;
                }
                if (!connected) {
                    awaitSubscribers();
                }
                long receivers = publish(head);
                lastReceivers = receivers;
                published.incrementAndGet();
                markConnected();
                backoff = 50;
            } catch (RuntimeException e) {
                if (head != null) {
                    outbox.offerFirst(head); // keep the order: this one goes first when Redis is back
                }
                markDown(e);
                LOG.log(System.Logger.Level.DEBUG, "hub relay: Redis still unreachable", e);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    /** Starts the subscription; false (and the relay marked down) when Redis cannot be reached. */
    private boolean subscribe() {
        RedisMessageListenerContainer c = container;
        if (c == null) {
            return false;
        }
        try {
            c.start();
            subscribed = true;
            return true;
        } catch (RuntimeException e) {
            markDown(e);
            try {
                c.stop();
            } catch (RuntimeException stopFailure) {
                LOG.log(System.Logger.Level.DEBUG, "hub relay: stopping the failed subscription", stopFailure);
            }
            return false;
        }
    }

    private long publish(RelayEnvelope envelope) {
        return publish(envelope.encode());
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
        if (!connected) {
            awaitSubscribers();
            markConnected();
        }
    }

    /**
     * Redis pub/sub delivers only to current subscribers: after an outage, wait until as many as received our
     * last message are subscribed again (or until {@code resubscribeWait}), so the outbox reaches them.
     */
    private void awaitSubscribers() {
        long deadline = System.nanoTime() + resubscribeWait.toNanos();
        long wanted = lastReceivers;
        while (running && System.nanoTime() < deadline) {
            if (subscribers() >= wanted) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.log(System.Logger.Level.INFO, "hub relay: publishing after " + resubscribeWait + " although fewer than "
                + wanted + " subscribers are back on " + channel);
    }

    /** Counts the channel's subscribers with a probe (sequence 0, which receivers ignore): PUBLISH returns it. */
    private long subscribers() {
        return publish(probe);
    }

    private void markConnected() {
        if (!connected) {
            LOG.log(System.Logger.Level.INFO, "hub relay: Redis is reachable again; " + outbox.size() + " messages to publish");
        }
        connected = true;
        error = null;
        downSince = null;
    }

    private void markDown(RuntimeException e) {
        failures.incrementAndGet();
        if (connected) {
            LOG.log(System.Logger.Level.WARNING, "hub relay: Redis unreachable, delivering locally only: " + e);
            downSince = Instant.now();
        }
        connected = false;
        error = e.getClass().getSimpleName() + ": " + e.getMessage();
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
        if (envelope.sequence() == PROBE_SEQUENCE || envelope.instance().equals(instance)) {
            return; // delivered locally when it was published
        }
        Long last = lastSeen.get(envelope.instance());
        if (last != null && envelope.sequence() <= last) {
            return; // a retried publish that had reached Redis after all
        }
        lastSeen.put(envelope.instance(), envelope.sequence());
        received.incrementAndGet();
        Delivery d = delivery;
        if (d != null) {
            d.deliver(envelope.topic(), PreparedMessage.of(envelope.type(), envelope.payload()));
        }
    }

    /** The relay's state now. */
    public Status status() {
        return new Status(connected, error, downSince, outbox.size(), published.get(), received.get(), dropped.get(),
                failures.get());
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
        running = false;
        Thread t = publisher;
        if (t != null) {
            t.interrupt();
        }
        RedisMessageListenerContainer c = container;
        if (c != null) {
            try {
                c.destroy();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "hub relay: error stopping the subscription", e);
            }
        }
    }

    @Override
    public String toString() {
        return "RedisHubRelay[" + channel + ", " + instance + "]";
    }
}
