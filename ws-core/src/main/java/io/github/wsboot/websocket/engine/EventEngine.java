package io.github.wsboot.websocket.engine;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.MessageListener;
import io.github.wsboot.websocket.Transport;
import io.github.wsboot.websocket.internal.ConnThreads;
import io.github.wsboot.websocket.internal.MessageReader;
import io.github.wsboot.websocket.transport.OwnedChannel;

/**
 * The event engine of a JVM: one {@link EventLoop} per available processor, created at first use and shared
 * by every {@code Upgrader} with {@code EngineMode.EVENT}, plus the executor that runs connections' work
 * (virtual threads on Java 21+, a bounded pool of daemon threads on 17). Not part of the API: the
 * {@code Upgrader} uses it.
 */
public final class EventEngine {

    /** Bytes read for a connection and not yet taken by its reader, before the engine stops reading it. */
    public static final int INBOUND_LIMIT = 64 * 1024;

    private static final ReentrantLock SHARED_LOCK = new ReentrantLock();
    private static volatile @Nullable EventEngine shared;

    private final EventLoop[] loops;
    private final AtomicInteger next = new AtomicInteger();
    private final Executor executor;
    private final AtomicInteger connections = new AtomicInteger();

    private EventEngine(int loopCount) {
        loops = new EventLoop[loopCount];
        for (int i = 0; i < loopCount; i++) {
            loops[i] = new EventLoop("ws-event-loop-" + (i + 1));
        }
        executor = ConnThreads.virtualThreadsAvailable() ? ConnThreads.perTaskExecutor("ws-event") : boundedPool();
    }

    /** The JVM's engine, started at the first call. */
    public static EventEngine shared() {
        EventEngine e = shared;
        if (e != null) {
            return e;
        }
        SHARED_LOCK.lock();
        try {
            if (shared == null) {
                shared = new EventEngine(Math.max(1, Runtime.getRuntime().availableProcessors()));
            }
            return shared;
        } finally {
            SHARED_LOCK.unlock();
        }
    }

    /**
     * The transport a container handed over, driven by this engine when it can be (a channel the container
     * lets go of: {@link OwnedChannel}); otherwise {@code handedOver} itself.
     *
     * @param listener the connection's message listener, or null when a thread of the application reads it
     */
    public Transport adopt(
            Transport handedOver,
            Conn conn,
            MessageReader.ControlFrames controls,
            boolean compression,
            @Nullable MessageListener listener) {
        if (!(handedOver instanceof OwnedChannel owned)) {
            return handedOver;
        }
        ListenerSession session = listener != null ? new ListenerSession(conn, listener) : null;
        SerialDispatch dispatch = new SerialDispatch(executor, controls, session);
        EventLoop loop = loops[Math.floorMod(next.getAndIncrement(), loops.length)];
        connections.incrementAndGet();
        EventTransport t = new EventTransport(
                owned, loop, INBOUND_LIMIT, true, compression, dispatch, connections::decrementAndGet);
        dispatch.bind(t);
        return t;
    }

    /** Connections this engine has taken over and that are not closed yet. */
    public int connections() {
        return connections.get();
    }

    /** Whether the JVM's engine has been started (by a first connection with {@code EngineMode.EVENT}). */
    public static boolean started() {
        return shared != null;
    }

    /**
     * Starts the message listener of a connection {@link #adopt adopted} with one; false when {@code transport}
     * is not on the engine (the caller then serves the listener with a thread of its own).
     */
    public static boolean startListening(@Nullable Transport transport) {
        if (transport instanceof EventTransport t && t.dispatch().hasListener()) {
            t.dispatch().startListening();
            return true;
        }
        return false;
    }

    /** Java 17: a fixed pool, large enough that listeners that block now and then do not stall the others. */
    private static Executor boundedPool() {
        int threads = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
                    Thread t = new Thread(task, "ws-event-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
