package io.github.wsboot.websocket.internal;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Listeners that run once when a connection's transport closes: those registered before on the closing
 * thread, those registered after at once. Removal from the list is the claim to run one, so none runs twice
 * when registration and closing race. A listener that throws is logged and does not stop the others.
 */
public final class CloseListeners {

    private static final System.Logger LOG = System.getLogger(CloseListeners.class.getName());

    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** Adds {@code listener}; runs it now when the transport is already closed. */
    public void add(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        if (closed) {
            run(listener);
        }
    }

    /** The transport closed: runs every listener not yet run. */
    public void closed() {
        closed = true;
        for (Runnable listener : listeners) {
            run(listener);
        }
    }

    private void run(Runnable listener) {
        if (!listeners.remove(listener)) {
            return;
        }
        try {
            listener.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "close listener failed", e);
        }
    }
}
