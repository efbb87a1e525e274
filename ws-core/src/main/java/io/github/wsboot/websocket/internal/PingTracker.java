package io.github.wsboot.websocket.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pings waiting for their pong. Each ping carries an 8-byte id; the pong that echoes it completes the ping
 * with the round-trip time. Pongs that match nothing (unsolicited, or from another sender) are ignored here.
 */
public final class PingTracker {

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

    private record Pending(long sentNanos, CompletableFuture<Duration> future) {}

    /** Registers a new ping and returns its payload; the future completes when {@link #onPong} sees it. */
    public byte[] register(CompletableFuture<Duration> future) {
        long id = ids.incrementAndGet();
        pending.put(id, new Pending(System.nanoTime(), future));
        byte[] payload = new byte[8];
        for (int i = 0; i < 8; i++) {
            payload[i] = (byte) (id >>> (56 - 8 * i));
        }
        return payload;
    }

    /** Forgets a ping whose frame could not be sent. */
    public void cancel(byte[] payload, Throwable cause) {
        Pending p = pending.remove(decode(payload));
        if (p != null) {
            p.future().completeExceptionally(cause);
        }
    }

    /** Completes the ping this pong answers, if any. */
    public void onPong(byte[] payload) {
        if (payload.length != 8 || pending.isEmpty()) {
            return;
        }
        Pending p = pending.remove(decode(payload));
        if (p != null) {
            p.future().complete(Duration.ofNanos(System.nanoTime() - p.sentNanos()));
        }
    }

    /** Fails every waiting ping: the connection is gone. */
    public void failAll(String reason) {
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            it.remove();
            p.future().completeExceptionally(new IOException(reason));
        }
    }

    private static long decode(byte[] payload) {
        long id = 0;
        for (int i = 0; i < 8 && i < payload.length; i++) {
            id = (id << 8) | (payload[i] & 0xff);
        }
        return id;
    }
}
