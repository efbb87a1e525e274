package io.github.wsboot.websocket.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One I/O thread with its selector. It owns the selection keys of its connections: interest changes and
 * registrations from other threads are queued as tasks ({@link #execute}) and run here. One read buffer per
 * loop serves all its connections: a connection borrows it only while the loop handles its readiness, and the
 * bytes left after framing go to that connection's {@link InboundPipe}.
 */
final class EventLoop implements Runnable {

    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());

    /** Read buffer of the loop, shared by its connections one at a time. */
    static final int READ_BUFFER_SIZE = 64 * 1024;

    /** What the loop calls on a connection's readiness. */
    interface Channel {
        /** Readable (or end of stream); {@code buffer} is the loop's, cleared, valid during the call only. */
        void onReadable(ByteBuffer buffer);

        void onWritable();

        /** Something failed while the loop served this connection: close it (never throws). */
        void close();
    }

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
    private volatile boolean stopped;

    EventLoop(String name) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("websocket: cannot open a selector for the event engine", e);
        }
        this.thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    Selector selector() {
        return selector;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop thread: at once when called there, otherwise soon (the selector wakes up). */
    void execute(Runnable task) {
        if (inLoop()) {
            task.run();
            return;
        }
        tasks.add(task);
        if (wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    void stop() {
        stopped = true;
        selector.wakeup();
    }

    @Override
    public void run() {
        while (!stopped) {
            try {
                runTasks();
                selector.select();
                wakeupPending.set(false);
                runTasks();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    dispatch(key);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "event loop iteration failed", e);
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the selector failed", e);
        }
    }

    private void dispatch(SelectionKey key) {
        Channel channel = (Channel) key.attachment();
        try {
            int ready = key.readyOps();
            if ((ready & SelectionKey.OP_WRITE) != 0) {
                channel.onWritable();
            }
            if ((ready & SelectionKey.OP_READ) != 0) {
                readBuffer.clear();
                channel.onReadable(readBuffer);
            }
        } catch (CancelledKeyException e) {
            // Closed meanwhile by another thread: nothing left to do for it.
        } catch (RuntimeException e) {
            // A bug must cost one connection, not the loop and every connection on it.
            LOG.log(System.Logger.Level.WARNING, "event loop failed serving a connection; closing it", e);
            channel.close();
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "event loop task failed", e);
            }
        }
    }
}
