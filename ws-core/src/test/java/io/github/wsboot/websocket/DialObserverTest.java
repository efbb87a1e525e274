package io.github.wsboot.websocket;

import static io.github.wsboot.websocket.StubServer.ascii;
import static io.github.wsboot.websocket.StubServer.switching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link DialObserver}: every dial, synchronous or not, is reported once with its connection or its error. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DialObserverTest {

    /** What the observer saw: the URL and the connection or the error. */
    record Seen(URI url, Conn conn, Throwable error, Duration took) {}

    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private final ConnObserver traffic = new ConnObserver() {};
    private final DialObserver observer = new DialObserver() {
        @Override
        public void dialSucceeded(URI url, Conn conn, Duration took) {
            conn.setObserver(traffic);
            seen.add(new Seen(url, conn, null, took));
        }

        @Override
        public void dialFailed(URI url, Throwable error, Duration took) {
            seen.add(new Seen(url, null, error, took));
        }
    };

    @Test
    void successesAndFailuresAreReportedOnceWithTheConnectionOrTheError() throws Exception {
        Dialer dialer = Dialer.builder()
                .handshakeTimeout(Duration.ofMillis(500))
                .dialObserver(observer)
                .build();
        try (StubServer stub = StubServer.start((req, out) -> {
            if (req.startsWith("GET /ok ")) {
                out.write(ascii(switching(req, "")));
            } else if (req.startsWith("GET /refused ")) {
                out.write(ascii("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"));
            } // anything else: no answer
        })) {
            try (Conn conn = dialer.dial(stub.url("/ok"), null)) {
                Seen ok = seen.poll(5, TimeUnit.SECONDS);
                assertThat(ok.conn()).isSameAs(conn);
                assertThat(conn.observer())
                        .as("set before the caller got the connection")
                        .isSameAs(traffic);
                assertThat(ok.url()).isEqualTo(URI.create(stub.url("/ok")));
                assertThat(ok.took()).isPositive();
            }

            assertThatThrownBy(() -> dialer.dial(stub.url("/refused"), null)).isInstanceOf(BadHandshakeException.class);
            assertThat(seen.poll(5, TimeUnit.SECONDS).error()).isInstanceOf(BadHandshakeException.class);

            assertThatThrownBy(() -> dialer.dialAsync(stub.url("/silent"), null).get(5, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(SocketTimeoutException.class);
            Seen timedOut = seen.poll(5, TimeUnit.SECONDS);
            assertThat(timedOut.error()).isInstanceOf(SocketTimeoutException.class);
            assertThat(timedOut.took()).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void theObserverIsKeptByToBuilderAndNullMeansNone() {
        Dialer dialer = Dialer.builder().dialObserver(observer).build();
        assertThat(dialer.toBuilder().build().dialObserver()).isSameAs(observer);
        assertThat(Dialer.builder().dialObserver(null).build().dialObserver()).isSameAs(DialObserver.NONE);
        assertThat(Dialer.DEFAULT.dialObserver()).isSameAs(DialObserver.NONE);
    }
}
