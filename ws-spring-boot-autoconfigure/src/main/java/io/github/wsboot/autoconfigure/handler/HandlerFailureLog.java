package io.github.wsboot.autoconfigure.handler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;

/**
 * Logs handler failures without letting a failing handler flood the log. The first failure of a kind
 * (the exception's class, per endpoint and bean) is logged with its stack trace; further failures of that
 * kind within the window are only counted, and the first one after the window is logged again together with
 * the number that were not. Under a steady stream of identical failures the log thus gets one entry per
 * window, each carrying the count of the previous one. A kind that stopped failing has its count logged on its
 * own (without a stack) at the next failure of any kind that this log sees after its window ended.
 *
 * @since 0.1.0
 */
public final class HandlerFailureLog {

    /** How long identical failures are counted instead of logged, after one was logged. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);

    /** More kinds than this are forgotten at once, so that many exception classes cannot grow the map without end. */
    private static final int MAX_KINDS = 256;

    private final Log log;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Window> windows = new HashMap<>(); // lock

    /** @param log where failures go; its level decides whether anything is written */
    public HandlerFailureLog(Log log) {
        this(log, DEFAULT_WINDOW, System::nanoTime);
    }

    HandlerFailureLog(Log log, Duration window, LongSupplier nanoClock) {
        this.log = log;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * A failure nothing handled, a bug until shown otherwise: WARN with the stack trace, rate-limited.
     *
     * @param what    what failed, as the start of a sentence naming endpoint and bean
     * @param outcome what became of the connection, as the end of the sentence
     */
    public void unhandled(String what, Throwable failure, String outcome) {
        if (!log.isWarnEnabled()) {
            return;
        }
        long suppressed = admit(what, failure, true);
        if (suppressed >= 0) {
            log.warn(what + " failed: " + failure + "; " + outcome + summary(suppressed), failure);
        }
    }

    /**
     * A failure the client caused (a message that could not be bound): INFO without the stack trace,
     * rate-limited, since any client can cause it.
     */
    public void rejected(String what, Throwable failure, String outcome) {
        if (!log.isInfoEnabled()) {
            return;
        }
        long suppressed = admit(what, failure, false);
        if (suppressed >= 0) {
            log.info(what + " failed: " + failure + "; " + outcome + summary(suppressed));
        }
    }

    /** A failure an {@code @OnError} method received, or one of the connection itself: DEBUG. */
    public void handled(String what, Throwable failure, String outcome) {
        if (log.isDebugEnabled()) {
            log.debug(what + " failed: " + failure + "; " + outcome, failure);
        }
    }

    /**
     * Counts the failure, first logging the counts of other kinds whose window ended.
     *
     * @return -1 when this failure is only counted; otherwise how many of its kind were counted since the last log
     */
    private long admit(String what, Throwable failure, boolean warn) {
        String kind = what + '\u0000' + failure.getClass().getName();
        long now = nanoClock.getAsLong();
        List<Window> ended = new ArrayList<>();
        long suppressed;
        lock.lock();
        try {
            for (Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Window> e = it.next();
                if (!e.getKey().equals(kind) && now - e.getValue().start >= windowNanos) {
                    it.remove();
                    if (e.getValue().suppressed > 0) {
                        ended.add(e.getValue());
                    }
                }
            }
            Window window = windows.get(kind);
            if (window != null && now - window.start < windowNanos) {
                window.suppressed++;
                suppressed = -1;
            } else {
                if (window == null && windows.size() >= MAX_KINDS) {
                    windows.clear();
                }
                suppressed = window == null ? 0 : window.suppressed;
                windows.put(kind, new Window(now, what, failure.getClass().getName(), warn));
            }
        } finally {
            lock.unlock();
        }
        for (Window w : ended) {
            String line = w.what + " failed with " + w.exceptionClass + summary(w.suppressed);
            if (w.warn) {
                log.warn(line);
            } else {
                log.info(line);
            }
        }
        return suppressed;
    }

    private String summary(long suppressed) {
        if (suppressed == 0) {
            return "";
        }
        return " (" + suppressed + " more failures like this in the previous "
                + Duration.ofNanos(windowNanos).toSeconds() + " s were not logged)";
    }

    /** When a kind was last logged, and how often it happened since without being logged. */
    private static final class Window {

        final long start;
        final String what;
        final String exceptionClass;
        final boolean warn;
        long suppressed;

        Window(long start, String what, String exceptionClass, boolean warn) {
            this.start = start;
            this.what = what;
            this.exceptionClass = exceptionClass;
            this.warn = warn;
        }
    }
}
