package io.github.wsboot.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.wsboot.websocket.internal.CloseState.State;

class CloseStateTest {

    @Test
    void startsOpen() {
        CloseState s = new CloseState();
        assertThat(s.state()).isEqualTo(State.OPEN);
        assertThat(s.isOutputOpen()).isTrue();
        assertThat(s.closeSent()).isFalse();
    }

    @Test
    void sendThenReceive() {
        CloseState s = new CloseState();
        assertThat(s.onCloseSent()).isFalse();
        assertThat(s.state()).isEqualTo(State.OUTPUT_SHUT);
        assertThat(s.isOutputOpen()).isFalse();
        assertThat(s.closeSent()).isTrue();
        assertThat(s.onCloseReceived()).as("completes the handshake").isTrue();
        assertThat(s.state()).isEqualTo(State.CLOSED);
        assertThat(s.onCloseReceived()).isFalse();
    }

    @Test
    void receiveThenSend() {
        CloseState s = new CloseState();
        assertThat(s.onCloseReceived()).isFalse();
        assertThat(s.state()).isEqualTo(State.INPUT_SHUT);
        assertThat(s.isOutputOpen()).as("the reply may still be written").isTrue();
        assertThat(s.onCloseReceived())
                .as("a second close frame changes nothing")
                .isFalse();
        assertThat(s.state()).isEqualTo(State.INPUT_SHUT);
        assertThat(s.onCloseSent()).as("completes the handshake").isTrue();
        assertThat(s.state()).isEqualTo(State.CLOSED);
        assertThat(s.closeSent()).isTrue();
    }

    @Test
    void refusesASecondCloseFrame() {
        CloseState s = new CloseState();
        s.onCloseSent();
        assertThatThrownBy(s::onCloseSent).isInstanceOf(IllegalStateException.class);
        s.onCloseReceived();
        assertThatThrownBy(s::onCloseSent).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void abortGoesToClosedFromEveryState() {
        for (int path = 0; path < 3; path++) {
            CloseState s = new CloseState();
            if (path == 1) {
                s.onCloseSent();
            } else if (path == 2) {
                s.onCloseReceived();
            }
            assertThat(s.onAbort()).isTrue();
            assertThat(s.state()).isEqualTo(State.CLOSED);
            assertThat(s.closeSent()).as("only a close frame counts as sent").isEqualTo(path == 1);
            assertThat(s.isOutputOpen()).isFalse();
            assertThat(s.onAbort())
                    .as("only the first abort makes the transition")
                    .isFalse();
            assertThatThrownBy(s::onCloseSent).isInstanceOf(IllegalStateException.class);
            assertThat(s.onCloseReceived()).isFalse();
        }
    }

    @Test
    @Timeout(30)
    void exactlyOneRaceWinnerCompletesTheHandshake() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 2000; i++) {
                CloseState s = new CloseState();
                CountDownLatch go = new CountDownLatch(1);
                AtomicInteger completions = new AtomicInteger();
                Future<?> a = pool.submit(() -> {
                    go.await();
                    if (s.onCloseSent()) {
                        completions.incrementAndGet();
                    }
                    return null;
                });
                Future<?> b = pool.submit(() -> {
                    go.await();
                    if (s.onCloseReceived()) {
                        completions.incrementAndGet();
                    }
                    return null;
                });
                go.countDown();
                a.get(5, TimeUnit.SECONDS);
                b.get(5, TimeUnit.SECONDS);
                assertThat(completions.get()).isEqualTo(1);
                assertThat(s.state()).isEqualTo(State.CLOSED);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
