package io.github.wsboot.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class DeadlineWatchTest {

    private static long in(long millis) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void aCallStillRunningAtItsDeadlineIsReportedOnce() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        AtomicInteger count = new AtomicInteger();
        AtomicLong firedAt = new AtomicLong();
        DeadlineWatch watch = new DeadlineWatch(() -> {
            count.incrementAndGet();
            firedAt.set(System.nanoTime());
            fired.countDown();
        });
        long deadline = in(50);
        watch.begin(deadline);

        assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(firedAt.get() - deadline).isGreaterThanOrEqualTo(0);
        Thread.sleep(150);
        assertThat(count).hasValue(1);
    }

    @Test
    void callsThatEndInTimeAreNeverReported() throws Exception {
        AtomicInteger count = new AtomicInteger();
        DeadlineWatch watch = new DeadlineWatch(count::incrementAndGet);
        long until = in(300);
        int calls = 0;
        int overran = 0; // a call descheduled past its deadline on a loaded machine is rightly reported
        while (System.nanoTime() - until < 0) { // many short calls, the pending check re-arming behind them
            long deadline = in(20);
            watch.begin(deadline);
            watch.end();
            if (System.nanoTime() - deadline >= 0) {
                overran++;
            }
            calls++;
        }
        Thread.sleep(100);

        assertThat(calls).isGreaterThan(1000);
        assertThat(count.get()).isLessThanOrEqualTo(overran);
    }

    @Test
    void aLaterCallWithAnEarlierDeadlineIsCheckedAtItsOwnDeadline() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        DeadlineWatch watch = new DeadlineWatch(fired::countDown);
        watch.begin(in(60_000)); // arms a check a minute from now
        watch.end();
        long start = System.nanoTime();
        watch.begin(in(50));

        assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
    }

    @Test
    void aCallThatOutlivesThePendingCheckIsCheckedAgainAtItsDeadline() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        DeadlineWatch watch = new DeadlineWatch(fired::countDown);
        watch.begin(in(30)); // arms a check in 30 ms
        watch.end();
        long deadline = in(200);
        watch.begin(deadline); // the 30 ms check finds this call running and re-arms for its deadline

        assertThat(fired.await(100, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(System.nanoTime() - deadline).isGreaterThanOrEqualTo(0);
    }

    @Test
    void cancelStopsReporting() throws Exception {
        AtomicInteger count = new AtomicInteger();
        DeadlineWatch watch = new DeadlineWatch(count::incrementAndGet);
        watch.begin(in(30));
        watch.cancel();
        watch.begin(in(30)); // ignored after cancel

        Thread.sleep(200);
        assertThat(count).hasValue(0);
    }
}
