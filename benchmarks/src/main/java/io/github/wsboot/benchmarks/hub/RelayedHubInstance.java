package io.github.wsboot.benchmarks.hub;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.apache.catalina.LifecycleException;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.github.wsboot.autoconfigure.hub.PositionStamp;
import io.github.wsboot.autoconfigure.hub.RedisHubRelay;
import io.github.wsboot.websocket.hub.Hub;
import io.github.wsboot.websocket.hub.HubBroker;
import io.github.wsboot.websocket.testing.TomcatServer;

/**
 * One "instance" of a clustered application inside the benchmark's JVM: its own Tomcat, its own {@link Hub} and,
 * unless local, its own {@link RedisHubRelay} with its own Lettuce connections, so instances talk only through
 * Redis. Every connection joins topic "feed".
 */
final class RelayedHubInstance implements AutoCloseable {

    private final Hub hub;
    private final TomcatServer tomcat;
    private final LettuceConnectionFactory redis;

    RelayedHubInstance(int redisPort, boolean recoverable) throws Exception {
        HubBroker broker;
        if (redisPort > 0) {
            redis = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redisPort));
            redis.afterPropertiesSet();
            redis.start();
            broker = new RedisHubRelay(
                    redis,
                    "bench.",
                    100_000,
                    Duration.ofSeconds(5),
                    new RedisHubRelay.Recovery(
                            recoverable ? List.of("feed") : List.of(),
                            Duration.ofMinutes(2),
                            10_000,
                            PositionStamp.jsonField("p")));
        } else {
            redis = null;
            broker = HubBroker.local();
        }
        hub = Hub.builder().broker(broker).build();
        tomcat = TomcatServer.startWith(new FeedServlet(hub), FanoutServer::manyConnections);
    }

    URI uri() {
        return tomcat.uri("/feed");
    }

    Hub hub() {
        return hub;
    }

    @Override
    public void close() throws LifecycleException {
        hub.close();
        tomcat.close();
        if (redis != null) {
            redis.destroy();
        }
    }
}
