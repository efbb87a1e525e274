package io.github.wsboot.autoconfigure.hub;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import io.github.wsboot.websocket.hub.ClusterPresence;
import io.github.wsboot.websocket.hub.PresenceListener;

/**
 * Cluster-wide presence on Redis ({@link PresenceStore} has the keys and their cost), no leader. One thread
 * writes this instance's joins and leaves in order (the joining thread never waits for Redis) and, every
 * {@code heartbeat}, extends this instance's registration to {@code expiry} from now and removes the members of
 * every instance whose registration expired: a crashed instance's members disappear within {@code expiry} plus
 * one {@code heartbeat}. Joins and leaves elsewhere arrive on a pub/sub channel and go to the hub's presence
 * listeners.
 *
 * <p>While Redis is unreachable, changes wait in a bounded queue ({@code queueLimit}); beyond it, or when Redis
 * comes back without this instance's registration (restarted without persistence), every local membership is
 * written again once it answers.
 *
 * @since 0.1.0
 */
public final class RedisClusterPresence implements ClusterPresence {

    private static final System.Logger LOG = System.getLogger(RedisClusterPresence.class.getName());

    /** State for health and metrics; {@code roundTripMillis} is the last heartbeat's PING, -1 before the first. */
    public record Status(
            boolean connected,
            @Nullable String error,
            @Nullable Instant downSince,
            int pending,
            int localMembers,
            long reaped,
            double roundTripMillis,
            long failures) {}

    private record Change(boolean joined, Membership membership) {}

    private final UUID self;
    private final PresenceStore store;
    private final Duration heartbeat;
    private final Duration expiry;
    private final int queueLimit;
    private final RelayConnectionState state = new RelayConnectionState("hub presence");
    private final RelaySubscription subscription;
    private final LinkedBlockingDeque<Change> changes = new LinkedBlockingDeque<>();
    private final AtomicLong reaped = new AtomicLong();
    /**
     * Runs presence listeners for remote changes, in arrival order, off the subscription's I/O thread (a
     * listener may ask Redis, for instance through Hub.presence, which must not happen on that thread).
     */
    private final ThreadPoolExecutor listeners;

    private volatile long roundTripNanos = -1;
    private volatile long liveInstances;
    /**
     * When the registry was last (re)built as far as this instance knows: its own first registration, a
     * re-registration after Redis lost it, or the end of an outage. The live count is trusted one expiry and one
     * heartbeat later, when every live instance has renewed its entry.
     */
    private volatile long registrySinceNanos = System.nanoTime();

    private volatile boolean resync;
    private volatile boolean running;
    private volatile boolean halted;
    private volatile @Nullable PresenceListener remote;
    private volatile Supplier<List<Membership>> local = List::of;
    private @Nullable Thread writer;

    /**
     * @param prefix     key and channel prefix shared by the instances (the relay's)
     * @param heartbeat  how often this instance renews its registration and looks for dead instances
     * @param expiry     how long a registration lives without renewal; must be longer than {@code heartbeat}
     * @param queueLimit changes kept while Redis is unreachable
     */
    public RedisClusterPresence(
            RedisConnectionFactory connectionFactory,
            String prefix,
            UUID instance,
            Duration heartbeat,
            Duration expiry,
            int queueLimit) {
        if (heartbeat.isNegative() || heartbeat.isZero() || expiry.compareTo(heartbeat) <= 0) {
            throw new IllegalArgumentException("hub presence: expiry (" + expiry
                    + ") must be longer than the heartbeat (" + heartbeat + "), which must be positive");
        }
        this.self = instance;
        this.store = new PresenceStore(connectionFactory, prefix, instance);
        this.heartbeat = heartbeat;
        this.expiry = expiry;
        this.queueLimit = queueLimit;
        this.subscription = new RelaySubscription(connectionFactory, state);
        this.subscription.listen(store.channel(), this::onEvent);
        this.listeners = new ThreadPoolExecutor(
                1,
                1,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(queueLimit),
                task -> {
                    Thread t = new Thread(task, "ws-hub-presence-listeners");
                    t.setDaemon(true);
                    return t;
                },
                (task, executor) -> LOG.log(
                        System.Logger.Level.WARNING, "hub presence: listeners fall behind; a change was not told"));
        this.listeners.allowCoreThreadTimeOut(true);
    }

    @Override
    public void start(PresenceListener remoteChanges, Supplier<List<Membership>> localMemberships) {
        this.remote = remoteChanges;
        this.local = localMemberships;
        running = true;
        subscription.ensure();
        Thread t = new Thread(this::loop, "ws-hub-redis-presence");
        t.setDaemon(true);
        t.start();
        writer = t;
    }

    @Override
    public void joined(Membership membership) {
        offer(new Change(true, membership));
    }

    @Override
    public void left(Membership membership) {
        offer(new Change(false, membership));
    }

    private void offer(Change change) {
        changes.offerLast(change);
        if (changes.size() > queueLimit) {
            changes.clear(); // too much to replay: write the whole local state again when Redis answers
            resync = true;
        }
    }

    @Override
    public List<String> remoteMembers(String topic) {
        if (!state.connected()) {
            return List.of(); // known to be down: do not wait a command timeout per call
        }
        try {
            return store.othersMembers(topic);
        } catch (RuntimeException e) {
            state.markDown(e);
            return List.of();
        }
    }

    private void loop() {
        long nextBeat = System.nanoTime();
        boolean first = true;
        while (running) {
            Change change = null;
            try {
                long now = System.nanoTime();
                if (now >= nextBeat) {
                    beat(first);
                    first = false;
                    nextBeat = now + heartbeat.toNanos();
                }
                change = changes.pollFirst(Math.max(0, nextBeat - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (change != null) {
                    if (change.joined()) {
                        store.joined(List.of(change.membership()), true);
                    } else {
                        store.left(change.membership());
                    }
                }
                state.markConnected(changes.size());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (change != null) {
                    changes.offerFirst(change);
                }
                if (!state.failedThenPause(e)) {
                    return;
                }
            }
        }
    }

    /** Renews this instance, writes everything again if Redis lost it, and removes dead instances' members. */
    private void beat(boolean first) {
        if (!subscription.ensure()) {
            throw new IllegalStateException("hub presence: not subscribed to " + store.channel());
        }
        roundTripNanos = store.roundTripNanos();
        long now = System.currentTimeMillis();
        boolean wasDown = !state.connected();
        boolean lost = store.heartbeat(now + expiry.toMillis());
        if (lost || wasDown) {
            registrySinceNanos = System.nanoTime();
        }
        if ((lost && !first) || resync) {
            changes.clear();
            store.joined(local.get(), true); // announced: the others' listeners learn what Redis forgot
            resync = false;
            LOG.log(System.Logger.Level.INFO, "hub presence: local members recorded again in Redis");
        }
        liveInstances = store.live(now);
        for (String dead : store.expired(now)) {
            UUID instance;
            try {
                instance = UUID.fromString(dead);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (instance.equals(self)) {
                continue; // we are alive: our own renewal just raced a pause
            }
            for (PresenceEvent leave : store.reap(instance)) {
                reaped.incrementAndGet();
                LOG.log(
                        System.Logger.Level.DEBUG,
                        () -> "hub presence: removed " + leave.member() + " of dead " + dead);
            }
        }
    }

    private void onEvent(Message message, byte @Nullable [] pattern) {
        PresenceEvent event;
        try {
            event = PresenceEvent.decode(new String(message.getBody(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "hub presence: ignoring a foreign message: " + e.getMessage());
            return;
        }
        PresenceListener listener = remote;
        if (listener != null && !event.origin().equals(self)) {
            listeners.execute(() -> listener.presenceChanged(event.topic(), event.member(), event.joined()));
        }
    }

    /**
     * Instances registered and alive at the last heartbeat, this one included; 0 while unknown: before the
     * registry has been stable for one expiry and one heartbeat (after startup, an outage or a Redis restart).
     */
    public long liveInstances() {
        boolean settled =
                System.nanoTime() - registrySinceNanos >= expiry.plus(heartbeat).toNanos();
        return settled && state.connected() ? liveInstances : 0;
    }

    /** The presence's state now. */
    public Status status() {
        long rtt = roundTripNanos;
        return new Status(
                state.connected(),
                state.error(),
                state.downSince(),
                changes.size(),
                local.get().size(),
                reaped.get(),
                rtt < 0 ? -1 : rtt / 1e6,
                state.failures());
    }

    /** Stops the writer and removes this instance's members from Redis (best effort), announcing their leaves. */
    @Override
    public void close() {
        running = false;
        Thread t = writer;
        if (t != null) {
            t.interrupt();
            try {
                t.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        listeners.shutdown();
        if (halted) {
            return;
        }
        try {
            store.heartbeat(0); // expired now, so that reap() claims it
            store.reap(self);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "hub presence: could not remove this instance's members", e);
        }
        subscription.close();
    }

    /** Tests: stops heartbeats and subscription as a crash would, leaving the members in Redis. */
    void halt() {
        halted = true;
        running = false;
        Thread t = writer;
        if (t != null) {
            t.interrupt();
        }
        subscription.close();
    }

    @Override
    public String toString() {
        return "RedisClusterPresence[" + self + ", heartbeat " + heartbeat + ", expiry " + expiry + "]";
    }
}
