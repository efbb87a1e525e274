package io.github.wsboot.websocket.engine;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.internal.MessageReader;
import io.github.wsboot.websocket.internal.WebSocketProtocol;

/**
 * Runs one connection's work off the event loop on an executor, in two lanes, each one task at a time and in
 * arrival order: the ping and pong frames the {@link FrameScanner} took out (the connection's ping handler
 * answers with a pong, as on the blocking path), and, for a {@link ListenerSession}, each whole message the
 * scanner announced. The lanes are apart so that a listener busy with a message never delays a pong. No task
 * is queued or thread held while a lane has nothing to do: it is scheduled when work arrives and leaves the
 * executor when it has done all of it (a work-in-progress counter per lane, so that signals never overlap a
 * run or get lost).
 *
 * <p>Bounded: the pipe holds at most its limit of message bytes (the loop stops reading beyond that), and at
 * most {@link #MAX_PENDING_CONTROLS} ping/pong frames wait; beyond that the oldest is dropped, which RFC 6455
 * §5.5.3 allows for pings ("a Pong frame for only the most recently processed Ping frame").
 */
final class SerialDispatch {

    private static final System.Logger LOG = System.getLogger(SerialDispatch.class.getName());

    static final int MAX_PENDING_CONTROLS = 32;

    private record Control(int opcode, byte[] payload) {}

    private final Executor executor;
    private final MessageReader.ControlFrames controls;
    private final @Nullable ListenerSession session; // null: a thread of the application reads the connection
    private final ConcurrentLinkedQueue<Control> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicInteger messageWip;
    private final AtomicInteger controlWip = new AtomicInteger();
    private final ReentrantLock controlLock = new ReentrantLock();
    private final AtomicLong announced = new AtomicLong();
    private volatile boolean inputEnded;
    private volatile @Nullable EventTransport transport;
    /** Messages handed to the session; touched by the running task only. */
    private long delivered;

    SerialDispatch(Executor executor, MessageReader.ControlFrames controls, @Nullable ListenerSession session) {
        this.executor = executor;
        this.controls = controls;
        this.session = session;
        // A listener's connection is not run before startListening(): its first run opens the session.
        this.messageWip = new AtomicInteger(session != null ? 1 : 0);
    }

    void bind(EventTransport t) {
        this.transport = t;
    }

    boolean hasListener() {
        return session != null;
    }

    /**
     * On the executor: takes the channel from the container, calls {@code onOpen}, then runs whatever arrived
     * meanwhile. When the container keeps the channel, the session runs as a blocking loop instead.
     */
    void startListening() {
        ListenerSession session = Objects.requireNonNull(this.session, "a listener");
        EventTransport transport = Objects.requireNonNull(this.transport, "bound");
        executor.execute(() -> {
            boolean onEngine;
            try {
                onEngine = transport.start();
            } catch (IOException | RuntimeException e) {
                inputEnded = true;
                onEngine = true; // the first run reads the failure and ends the session
            }
            if (!onEngine) {
                session.serveBlocking();
                return;
            }
            if (session.open()) {
                runMessages();
            }
        });
    }

    /** From the loop: one more whole unit is in the pipe. */
    void unitReady() {
        if (session != null) {
            announced.incrementAndGet();
            signal(messageWip, this::runMessages);
        }
    }

    /** From the loop: a ping or pong frame. */
    void control(int opcode, byte[] payload) {
        pending.add(new Control(opcode, payload));
        if (pendingCount.incrementAndGet() > MAX_PENDING_CONTROLS && pending.poll() != null) {
            pendingCount.decrementAndGet();
        }
        signal(controlWip, this::runControlLane);
    }

    /** The input ended (end of stream, error, or the transport was closed). */
    void inputEnded() {
        inputEnded = true;
        if (session != null) {
            signal(messageWip, this::runMessages);
        }
    }

    private void signal(AtomicInteger wip, Runnable lane) {
        if (wip.getAndIncrement() == 0) {
            executor.execute(lane);
        }
    }

    private void runControlLane() {
        drainLane(controlWip, this::runControls);
    }

    private void runMessages() {
        drainLane(messageWip, this::deliverMessages);
    }

    private static void drainLane(AtomicInteger wip, Runnable work) {
        int missed = 1;
        while (true) {
            work.run();
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void deliverMessages() {
        ListenerSession session = Objects.requireNonNull(this.session, "a listener");
        while (!session.ended() && delivered < announced.get()) {
            delivered++;
            session.deliverNext();
        }
        if (inputEnded && !session.ended()) {
            session.deliverNext(); // reads the end of the input and ends the session
        }
    }

    /**
     * Answers the ping and pong frames received so far, on the reader's thread, before it gets the bytes that
     * came after them: a pong then goes out before the reply to a message that ended after its ping, as on the
     * blocking path (Autobahn 5.6). Usually there are none.
     */
    void runPendingControls() {
        if (!pending.isEmpty()) {
            runControls();
        }
    }

    /** Under a lock: the control lane and a reader may both drain; pongs leave in the order of the pings. */
    private void runControls() {
        controlLock.lock();
        try {
            runControlsLocked();
        } finally {
            controlLock.unlock();
        }
    }

    private void runControlsLocked() {
        Control c;
        while ((c = pending.poll()) != null) {
            pendingCount.decrementAndGet();
            try {
                if (c.opcode() == WebSocketProtocol.OPCODE_PING) {
                    controls.onPing(c.payload());
                } else {
                    controls.onPong(c.payload());
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "control frame handler failed", e);
            }
        }
    }
}
