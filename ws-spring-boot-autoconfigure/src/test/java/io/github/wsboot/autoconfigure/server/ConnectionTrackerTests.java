package io.github.wsboot.autoconfigure.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectionTrackerTests {

    @Test
    void admitsExactlyTheLimitUnderContention() throws Exception {
        ConnectionTracker tracker = new ConnectionTracker(10);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger admitted = new AtomicInteger();
        List<java.util.concurrent.Future<?>> tasks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            tasks.add(pool.submit(() -> {
                start.await();
                if (tracker.tryAdd("/x", null) != null) {
                    admitted.incrementAndGet();
                }
                return null;
            }));
        }
        start.countDown();
        for (java.util.concurrent.Future<?> t : tasks) {
            t.get();
        }
        pool.shutdown();
        assertThat(admitted).hasValue(10);
        assertThat(tracker.active()).isEqualTo(10);
        assertThat(tracker.active("/x")).isEqualTo(10);
        assertThat(tracker.isAtCapacity()).isTrue();
    }

    @Test
    void removalFreesASlotAndCountsPerEndpoint() {
        ConnectionTracker tracker = new ConnectionTracker(2);
        ConnectionTracker.Entry a = tracker.tryAdd("/a", null);
        ConnectionTracker.Entry b = tracker.tryAdd("/b", null);
        assertThat(tracker.tryAdd("/a", null)).isNull();
        tracker.remove(a);
        tracker.remove(a); // a second removal of the same entry changes nothing
        assertThat(tracker.active("/a")).isZero();
        assertThat(tracker.active("/b")).isEqualTo(1);
        assertThat(tracker.tryAdd("/a", null)).isNotNull();
        assertThat(b).isNotNull();
    }

    @Test
    void noLimitWhenNotPositive() {
        ConnectionTracker tracker = new ConnectionTracker(-1);
        for (int i = 0; i < 1000; i++) {
            assertThat(tracker.tryAdd("/x", null)).isNotNull();
        }
        assertThat(tracker.isAtCapacity()).isFalse();
        assertThat(tracker.maxConnections()).isEqualTo(-1);
    }

    @Test
    void afterStopAcceptingNothingIsAdmittedAndAwaitEmptySeesTheLastRemoval() throws Exception {
        ConnectionTracker tracker = new ConnectionTracker(-1);
        ConnectionTracker.Entry entry = tracker.tryAdd("/x", null);
        assertThat(tracker.stopAccepting()).containsExactly(entry);
        assertThat(tracker.isAccepting()).isFalse();
        assertThat(tracker.tryAdd("/x", null)).isNull();
        assertThat(tracker.awaitEmpty(Duration.ofMillis(50))).isFalse();
        Thread remover = new Thread(() -> tracker.remove(entry));
        remover.start();
        assertThat(tracker.awaitEmpty(Duration.ofSeconds(10))).isTrue();
        remover.join();
    }
}
