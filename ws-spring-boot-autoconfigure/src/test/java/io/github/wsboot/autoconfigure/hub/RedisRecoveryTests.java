package io.github.wsboot.autoconfigure.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Dialer;
import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.PreparedMessage;
import io.github.wsboot.websocket.hub.Hub;
import io.github.wsboot.websocket.testing.RedisServerProcess;

/**
 * Catch-up after a reconnect with a real redis-server: a client that drops mid-stream and reconnects to the other
 * instance with its last position gets every message once and in order; a position that was trimmed away is
 * reported as missed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedisRecoveryTests {

    private static final Pattern MESSAGE = Pattern.compile("\\{\"position\":\"(\\d+-\\d+)\",\"n\":(\\d+)}");
    private static final int MESSAGES = 200;

    @Test
    void aClientReconnectingToAnotherInstanceGetsWhatItMissedOnceAndInOrderThenTheLiveMessages() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
                ConfigurableApplicationContext a = start(redis.port());
                ConfigurableApplicationContext b = start(redis.port())) {
            Hub hubA = a.getBean(Hub.class);
            Hub hubB = b.getBean(Hub.class);
            Conn first = dial(a, null);
            Conn watcher = dial(b, null);
            RedisClusterPresenceTests.await(
                    () -> hubA.localPresence("news").size() == 1
                            && hubB.localPresence("news").size() == 1,
                    "both joined");
            Thread publisher = new Thread(
                    () -> {
                        for (int i = 0; i < MESSAGES; i++) {
                            hubB.publishText("news", "{\"n\":" + i + "}");
                            sleep(5);
                        }
                    },
                    "publisher");
            publisher.start();

            List<Integer> seen = new ArrayList<>();
            String last = readUntil(first, seen, 60);
            first.close(); // dropped mid-stream; publishing goes on
            sleep(300);
            Conn again = dial(b, last);
            readUntil(again, seen, MESSAGES - 1);
            List<Integer> watched = new ArrayList<>();
            readUntil(watcher, watched, MESSAGES - 1);
            publisher.join();

            assertThat(seen).as("the reconnected client's messages").isEqualTo(range(MESSAGES));
            assertThat(watched).as("the connected client's messages").isEqualTo(range(MESSAGES));
            RedisHubRelay.RecoveryStatus status = b.getBean(RedisHubRelay.class).recoveryStatus();
            assertThat(status.hits()).isEqualTo(1);
            assertThat(status.misses()).isZero();
            assertThat(status.messages()).isPositive();
            assertThat(b.getBean(RedisHubRelay.class).lagMillis()).isNotNegative();
            MeterRegistry meters = b.getBean(MeterRegistry.class);
            assertThat(meters.get(HubMeterNames.RECOVERY_RESUMES)
                            .tag(HubMeterNames.OUTCOME, "hit")
                            .functionCounter()
                            .count())
                    .isEqualTo(1);
            assertThat(meters.get(HubMeterNames.RECOVERY_RESUMES)
                            .tag(HubMeterNames.OUTCOME, "miss")
                            .functionCounter()
                            .count())
                    .isZero();
            assertThat(meters.get(HubMeterNames.RELAY_LAG).gauge().value()).isNotNegative();
            again.close();
            watcher.close();
        }
    }

    @Test
    void positionsTrimmedAwayOrUnknownAreReportedAsMissed() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            LettuceConnectionFactory factory = RedisHubApplications.connectionFactory(redis.port());
            try {
                RecoveryStreams streams = new RecoveryStreams(factory, "t.", 10, Duration.ofMinutes(1));
                UUID instance = UUID.randomUUID();
                List<String> positions = new ArrayList<>();
                for (int i = 1; i <= 300; i++) {
                    positions.add(streams.append(
                                    new RelayEnvelope(instance, i, "topic", MessageType.TEXT, new byte[] {(byte) i}))
                            .position());
                }
                for (int i = 1; i < positions.size(); i++) {
                    assertThat(RecoveryStreams.compare(positions.get(i - 1), positions.get(i)))
                            .isNegative();
                }
                RecoveryStreams.Since old = streams.since("topic", positions.get(0));
                assertThat(old.missed())
                        .as("the first position was trimmed (MAXLEN ~ 10)")
                        .isTrue();
                RecoveryStreams.Since recent = streams.since("topic", positions.get(297));
                assertThat(recent.missed()).isFalse();
                assertThat(recent.messages())
                        .extracting(RecoveryStreams.Stored::position)
                        .containsExactly(positions.get(298), positions.get(299));
                assertThat(recent.messages().get(1).envelope().sequence()).isEqualTo(300);
                assertThat(streams.since("never-written", "1-0").missed()).isTrue();
                // A position from before the stream began (Redis lost the stream and it started again) is a miss.
                streams.append(new RelayEnvelope(instance, 301, "fresh", MessageType.TEXT, new byte[] {1}));
                assertThat(streams.since("fresh", "1-0").missed()).isTrue();
                // The default stamp puts the position first in a JSON object.
                PositionStamp stamp = PositionStamp.jsonField("position");
                assertThat(stamp.stamp("5-1", PreparedMessage.ofText("{\"a\":1}"))
                                .payload())
                        .asString()
                        .isEqualTo("{\"position\":\"5-1\",\"a\":1}");
                assertThat(stamp.stamp("5-1", PreparedMessage.ofText("{}")).payload())
                        .asString()
                        .isEqualTo("{\"position\":\"5-1\"}");
                assertThat(stamp.stamp("5-1", PreparedMessage.ofText("plain")).payload())
                        .asString()
                        .isEqualTo("plain");
            } finally {
                factory.destroy();
            }
        }
    }

    /** Reads messages, filing their numbers, until number {@code until}; returns the last position. */
    private static String readUntil(Conn conn, List<Integer> into, int until) throws Exception {
        String position = null;
        while (true) {
            String text = conn.readMessage().text();
            Matcher m = MESSAGE.matcher(text);
            assertThat(m.matches()).as("stamped message: %s", text).isTrue();
            position = m.group(1);
            int n = Integer.parseInt(m.group(2));
            into.add(n);
            if (n >= until) {
                return position;
            }
        }
    }

    private static List<Integer> range(int n) {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(i);
        }
        return l;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Conn dial(ConfigurableApplicationContext ctx, String since) throws Exception {
        return Dialer.DEFAULT.dial(
                URI.create("ws://127.0.0.1:" + RedisHubApplications.port(ctx) + "/news?name=n"
                        + (since == null ? "" : "&since=" + since)),
                null);
    }

    private static ConfigurableApplicationContext start(int redisPort) {
        return RedisHubApplications.start(
                redisPort, "spring.data.redis.timeout=2s", "ws.hub.redis.recovery.topics=news");
    }
}
