package io.github.wsboot.autoconfigure.hub;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.PreparedMessage;
import io.github.wsboot.websocket.hub.HubBroker;

/**
 * Hands recoverable topics' messages to the hub in position order, and joins a reconnecting client with no gap
 * and no duplicate: while its catch-up is read from Redis, live messages of the topic are also kept for it
 * (at most the stream's length); then, under the topic's lock, it gets the stored messages after its position,
 * the kept live ones after the last of those, and joins the live subscribers. Live delivery takes the same lock.
 * Locks are striped (64), so memory does not grow with the number of topics.
 */
final class RecoverableDelivery {

    private static final int STRIPES = 64;
    private static final long ANNOUNCEMENT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** A client catching up on a topic: live messages kept meanwhile. */
    private static final class Pending {
        final List<RecoveryStreams.Stored> live = new ArrayList<>();
        boolean overflowed;
    }

    /** What a resume did: messages written to the client, whether some were beyond the window. */
    record Outcome(int recovered, boolean missed, @Nullable String position) {}

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    private final Map<String, List<Pending>> pending = new HashMap<>(); // the topic's stripe lock
    /** The last position delivered live per topic (one entry per recoverable topic this instance has seen). */
    private final ConcurrentHashMap<String, String> lastLive = new ConcurrentHashMap<>();

    private final PositionStamp stamp;
    private final int keepLimit;
    private volatile HubBroker.@Nullable Delivery delivery;

    RecoverableDelivery(PositionStamp stamp, int keepLimit) {
        this.stamp = stamp;
        this.keepLimit = keepLimit;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    void start(HubBroker.Delivery localDelivery) {
        this.delivery = localDelivery;
    }

    private ReentrantLock lock(String topic) {
        return locks[Math.floorMod(topic.hashCode(), STRIPES)];
    }

    /** A message of a recoverable topic from Redis, in position order: to the hub, and to clients catching up. */
    void deliverLive(RecoveryStreams.Stored stored) {
        String topic = stored.envelope().topic();
        PreparedMessage message = stamp.stamp(stored.position(), message(stored));
        ReentrantLock lock = lock(topic);
        lock.lock();
        try {
            lastLive.put(topic, stored.position());
            HubBroker.Delivery d = delivery;
            if (d != null) {
                d.deliver(topic, message);
            }
            List<Pending> waiting = pending.get(topic);
            if (waiting != null) {
                for (Pending p : waiting) {
                    if (p.live.size() < keepLimit) {
                        p.live.add(stored);
                    } else {
                        p.overflowed = true;
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Catches a client up from {@code position} and joins it to the live messages.
     *
     * @param read  reads the stored messages after the position (a Redis round trip, outside the lock)
     * @param send  queues one message for the client
     * @param join  joins the client to the topic's live subscribers
     */
    Outcome resume(
            String topic,
            String position,
            Supplier<RecoveryStreams.Since> read,
            Consumer<PreparedMessage> send,
            Runnable join) {
        Pending mine = new Pending();
        ReentrantLock lock = lock(topic);
        lock.lock();
        try {
            pending.computeIfAbsent(topic, t -> new ArrayList<>()).add(mine);
        } finally {
            lock.unlock();
        }
        RecoveryStreams.Since since;
        try {
            since = read.get();
        } catch (RuntimeException e) {
            since = new RecoveryStreams.Since(List.of(), true); // cannot tell what was missed: say so
        }
        if (!since.messages().isEmpty()) {
            awaitLive(topic, since.messages().get(since.messages().size() - 1).position());
        }
        lock.lock();
        try {
            String last = position;
            int written = 0;
            for (RecoveryStreams.Stored s : since.messages()) {
                if (RecoveryStreams.compare(s.position(), last) > 0) {
                    send.accept(stamp.stamp(s.position(), message(s)));
                    last = s.position();
                    written++;
                }
            }
            for (RecoveryStreams.Stored s : mine.live) {
                if (RecoveryStreams.compare(s.position(), last) > 0) {
                    send.accept(stamp.stamp(s.position(), message(s)));
                    last = s.position();
                    written++;
                }
            }
            join.run();
            return new Outcome(written, since.missed() || mine.overflowed, last);
        } finally {
            List<Pending> waiting = pending.get(topic);
            if (waiting != null) {
                waiting.remove(mine);
                if (waiting.isEmpty()) {
                    pending.remove(topic);
                }
            }
            lock.unlock();
        }
    }

    /**
     * Waits (at most {@link #ANNOUNCEMENT_WAIT_NANOS}) until this instance has delivered {@code position} live: a
     * stored message whose announcement is still on its way must be caught by the pending list, not arrive again
     * after the join.
     */
    private void awaitLive(String topic, String position) {
        long deadline = System.nanoTime() + ANNOUNCEMENT_WAIT_NANOS;
        while (System.nanoTime() < deadline) {
            String live = lastLive.get(topic);
            if (live != null && RecoveryStreams.compare(live, position) >= 0) {
                return;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Joins without catch-up, under the topic's lock so that no live message is half-delivered meanwhile. */
    void joinLive(String topic, Runnable join) {
        ReentrantLock lock = lock(topic);
        lock.lock();
        try {
            join.run();
        } finally {
            lock.unlock();
        }
    }

    private static PreparedMessage message(RecoveryStreams.Stored s) {
        return PreparedMessage.of(s.envelope().type(), s.envelope().payload());
    }
}
