package io.github.wsboot.websocket.hub;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/** Holds every task until {@link #open()}, then runs them (and later ones) on new threads: freezes draining. */
final class GatedExecutor implements Executor {

    private final ReentrantLock lock = new ReentrantLock();
    private final List<Runnable> held = new ArrayList<>();
    private boolean open;

    @Override
    public void execute(Runnable task) {
        lock.lock();
        try {
            if (!open) {
                held.add(task);
                return;
            }
        } finally {
            lock.unlock();
        }
        start(task);
    }

    void open() {
        List<Runnable> tasks;
        lock.lock();
        try {
            open = true;
            tasks = new ArrayList<>(held);
            held.clear();
        } finally {
            lock.unlock();
        }
        tasks.forEach(GatedExecutor::start);
    }

    private static void start(Runnable task) {
        Thread t = new Thread(task, "gated-drain");
        t.setDaemon(true);
        t.start();
    }
}
