package io.github.wsboot.websocket.reliability;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.catalina.LifecycleException;

import io.github.wsboot.websocket.Upgrader;
import io.github.wsboot.websocket.testing.TomcatServer;
import io.github.wsboot.websocket.testing.UpgradeServlet;

/**
 * Our {@link Upgrader} (compression enabled) on embedded Tomcat, serving each connection with a read loop under
 * a read limit, on a platform thread of its own so that the bytes it allocates can be counted. Each
 * connection's outcome is published in {@link #next()}.
 */
final class AttackedServer implements AutoCloseable {

    /** How one connection ended: the exception its read loop got and what its thread allocated meanwhile. */
    record Outcome(Throwable error, long allocatedBytes, long messages) {}

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final TomcatServer tomcat;
    private volatile CompletableFuture<Outcome> next = new CompletableFuture<>();

    AttackedServer(long readLimit) throws Exception {
        Upgrader upgrader = Upgrader.builder()
                .enableCompression(true)
                .executor(task -> new Thread(task, "attacked-conn").start())
                .build();
        tomcat = TomcatServer.start(new UpgradeServlet(upgrader, conn -> {
            CompletableFuture<Outcome> outcome = next;
            conn.setReadLimit(readLimit);
            long start = THREADS.getCurrentThreadAllocatedBytes();
            long messages = 0;
            try {
                while (true) {
                    conn.readMessage();
                    messages++;
                }
            } catch (Throwable e) {
                outcome.complete(new Outcome(e, THREADS.getCurrentThreadAllocatedBytes() - start, messages));
            }
        }));
    }

    int port() {
        return tomcat.port();
    }

    /** The outcome of the next connection to end (call before connecting it). */
    CompletableFuture<Outcome> expectConnection() {
        next = new CompletableFuture<>();
        return next;
    }

    Outcome await(CompletableFuture<Outcome> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.close();
    }
}
