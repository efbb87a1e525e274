package io.github.wsboot.autoconfigure.hub;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Helpers of the Redis hub tests: {@link HubChatApplication} instances on one Redis, a bare connection, waiting. */
final class RedisHubApplications {

    private RedisHubApplications() {}

    /** A {@link HubChatApplication} on a random loopback port with the relay on {@code redisPort}. */
    static ConfigurableApplicationContext start(int redisPort, String... properties) {
        List<String> all = new ArrayList<>(List.of(
                "server.port=0",
                "server.address=127.0.0.1",
                "ws.hub.redis.enabled=true",
                "spring.data.redis.host=127.0.0.1",
                "spring.data.redis.port=" + redisPort));
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(HubChatApplication.class)
                .properties(all.toArray(String[]::new))
                .run();
    }

    static int port(ConfigurableApplicationContext ctx) {
        return ((WebServerApplicationContext) ctx).getWebServer().getPort();
    }

    /** A started Lettuce connection factory; destroy it when done. */
    static LettuceConnectionFactory connectionFactory(int redisPort) {
        LettuceConnectionFactory factory =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redisPort));
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
