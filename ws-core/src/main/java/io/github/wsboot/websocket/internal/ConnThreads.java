package io.github.wsboot.websocket.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * Threads for connections: virtual threads on Java 21+, daemon platform threads on Java 17. The library is
 * compiled for 17, so the virtual-thread builder is looked up at run time.
 */
public final class ConnThreads {

    private static final AtomicLong COUNTER = new AtomicLong();
    private static final @Nullable ThreadFactory VIRTUAL = virtualFactory();

    private ConnThreads() {}

    /** Whether this JVM runs connection threads as virtual threads. */
    public static boolean virtualThreadsAvailable() {
        return VIRTUAL != null;
    }

    /** An executor that starts one new thread per task (virtual where available). */
    public static Executor perTaskExecutor(String namePrefix) {
        return task -> newThread(namePrefix, task).start();
    }

    /** A new, unstarted thread for {@code task}. */
    public static Thread newThread(String namePrefix, Runnable task) {
        String name = namePrefix + "-" + COUNTER.incrementAndGet();
        if (VIRTUAL != null) {
            Thread t = VIRTUAL.newThread(task);
            t.setName(name);
            return t;
        }
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }

    private static @Nullable ThreadFactory virtualFactory() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builderClass = Class.forName("java.lang.Thread$Builder");
            MethodHandle ofVirtual = lookup.findStatic(
                    Thread.class,
                    "ofVirtual",
                    MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")));
            MethodHandle factory =
                    lookup.findVirtual(builderClass, "factory", MethodType.methodType(ThreadFactory.class));
            return (ThreadFactory) factory.invoke(ofVirtual.invoke());
        } catch (Throwable e) {
            return null; // Java 17–20: no virtual threads (or not enabled)
        }
    }
}
