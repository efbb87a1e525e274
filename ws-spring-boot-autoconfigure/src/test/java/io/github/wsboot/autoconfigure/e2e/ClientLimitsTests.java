package io.github.wsboot.autoconfigure.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.github.wsboot.autoconfigure.metrics.MeterNames;
import io.github.wsboot.autoconfigure.server.ClientLimits;
import io.github.wsboot.websocket.testing.RawWsClient;

/**
 * Per-client limits over real sockets: a cap on open connections per address (503 + Retry-After) and a
 * handshake rate per address (429 + Retry-After), metered by reason, never affecting another client. All test
 * clients connect from 127.0.0.1, which this application trusts as a proxy, so {@code X-Forwarded-For} and
 * {@code Forwarded} name the client; 127.0.0.2 (not trusted) shows that an untrusted hop's headers are ignored.
 */
@SpringBootTest(
        classes = {SmallApplication.class, TomcatEndToEndTests.Tomcat.class},
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "ws.server.limits.max-connections-per-address=2",
            "ws.server.limits.max-handshakes-per-address=5",
            "ws.server.limits.handshake-period=1h",
            "ws.server.limits.trusted-proxies=127.0.0.1,::1",
        })
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientLimitsTests {

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    @Autowired
    ClientLimits clientLimits;

    @Test
    void connectionsPerAddressAreCappedWithoutAffectingOthers() throws Exception {
        List<RawWsClient> open = new ArrayList<>();
        try {
            double before = handshakes("too_many_from_address");
            for (int i = 0; i < 2; i++) {
                open.add(connect(Map.of("X-Forwarded-For", "203.0.113.7")));
                assertThat(open.get(i).status()).isEqualTo(101);
            }
            try (RawWsClient third = connect(Map.of("X-Forwarded-For", "203.0.113.7"))) {
                assertThat(third.status()).isEqualTo(503);
                assertThat(third.headers()).containsKey("retry-after");
                assertThat(third.body()).contains("too many connections from your address");
            }
            assertThat(handshakes("too_many_from_address") - before).isEqualTo(1);
            // Another client, named by the RFC 7239 header this time, is not affected.
            try (RawWsClient other = connect(Map.of("Forwarded", "for=\"[2001:db8::17]:4711\";proto=http"))) {
                assertThat(other.status()).isEqualTo(101);
            }
            // A slot comes back when one of the connections ends.
            open.remove(0).close();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> clientLimits.limits().open("203.0.113.7") == 1);
            try (RawWsClient again = connect(Map.of("X-Forwarded-For", "203.0.113.7"))) {
                assertThat(again.status()).isEqualTo(101);
            }
        } finally {
            for (RawWsClient c : open) {
                c.close();
            }
        }
    }

    @Test
    void handshakesPerAddressAreRateLimitedWithoutAffectingOthers() throws Exception {
        double before = handshakes("rate_limited");
        // The nearest untrusted hop is the client: 198.51.100.9 (203.0.113.1 is further away and was named by it).
        Map<String, String> client = Map.of("X-Forwarded-For", "203.0.113.1, 198.51.100.9");
        for (int i = 0; i < 5; i++) {
            try (RawWsClient c = connect(client)) {
                assertThat(c.status()).as("handshake %d", i + 1).isEqualTo(101);
            }
            // The connection's slot returns once the server has seen it end: wait, so that the cap of two open
            // connections per address does not refuse the next handshake before the rate limit would.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> clientLimits.limits().open("198.51.100.9") == 0);
        }
        try (RawWsClient c = connect(client)) {
            assertThat(c.status()).isEqualTo(429);
            assertThat(Long.parseLong(c.headers().get("retry-after"))).isPositive();
        }
        assertThat(handshakes("rate_limited") - before).isEqualTo(1);
        try (RawWsClient c = connect(Map.of("X-Forwarded-For", "203.0.113.1"))) {
            assertThat(c.status()).as("another address").isEqualTo(101);
        }
    }

    @Test
    void forwardedHeadersOfAnUntrustedPeerAreIgnored() throws Exception {
        // From 127.0.0.2 (not a trusted proxy) the header is ignored: every client there is 127.0.0.2.
        List<RawWsClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                open.add(RawWsClient.handshake("127.0.0.2", port, "/chat", Map.of("X-Forwarded-For", "192.0.2." + i)));
                assertThat(open.get(i).status()).isEqualTo(101);
            }
            try (RawWsClient c =
                    RawWsClient.handshake("127.0.0.2", port, "/chat", Map.of("X-Forwarded-For", "192.0.2.99"))) {
                assertThat(c.status()).isEqualTo(503);
            }
        } finally {
            for (RawWsClient c : open) {
                c.close();
            }
        }
    }

    private RawWsClient connect(Map<String, String> headers) throws Exception {
        return RawWsClient.handshake(port, "/chat", headers);
    }

    private double handshakes(String outcome) {
        Counter c = registry.find(MeterNames.HANDSHAKES)
                .tags(MeterNames.URI, "/chat", MeterNames.OUTCOME, outcome)
                .counter();
        return c == null ? 0 : c.count();
    }
}
