package io.github.wsboot.autoconfigure.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.data.redis.config.annotation.web.http.EnableRedisIndexedHttpSession;

import io.github.wsboot.autoconfigure.server.SessionBoundConnections;
import io.github.wsboot.websocket.testing.RawWsClient;
import io.github.wsboot.websocket.testing.RedisServerProcess;

/**
 * With Spring Session the HTTP session is not the container's: it lives in Redis, and its end reaches the starter
 * as Spring Session's {@code SessionDeletedEvent} or {@code SessionExpiredEvent}, published from Redis keyspace
 * notifications and passed to servlet session listeners ({@link SessionBoundConnections} among them) by Spring
 * Session's {@code SessionEventHttpSessionListenerAdapter}. A real redis-server, Spring Session's indexed Redis
 * repository ({@link EnableRedisIndexedHttpSession}, which enables the notifications itself), Spring Security form
 * login over a real Tomcat: logout, a deletion through the repository (an administrator, or another instance,
 * ending a user's sessions) and a Spring Session timeout (with no HTTP request after the handshake) each close the bound connection with 1008, within a bound,
 * while another user's connection stays open.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SpringSessionEndClosesConnectionsTests {

    /** Carol's Spring Sessions time out after this many seconds without an HTTP request (others': 30 min). */
    static final int CAROL_TIMEOUT_SECONDS = 3;

    /** How long the event may take from Redis to the connection. */
    private static final long BOUND_MILLIS = 5000;

    private static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void logoutDeletesTheSpringSessionAndClosesItsConnectionWith1008() throws Exception {
        try (ConfigurableApplicationContext app = start()) {
            try (LoginBrowser.Signed alice = LoginBrowser.signInAndConnect(port(app), "alice");
                    LoginBrowser.Signed bob = LoginBrowser.signInAndConnect(port(app), "bob")) {
                assertThat(app.getBean(SessionBoundConnections.class).sessionIds())
                        .as("bound to the Spring Session ids (the SESSION cookies)")
                        .contains(sessionId(alice.browser()), sessionId(bob.browser()));

                long start = System.nanoTime();
                alice.browser().logout();
                assertClosedWith1008(alice.ws(), start, BOUND_MILLIS);

                bob.ws().sendText("still here");
                assertThat(bob.ws().readFrame().text()).isEqualTo("still here");
            }
        }
    }

    @Test
    void deletingTheSpringSessionThroughTheRepositoryClosesItsConnectionWith1008() throws Exception {
        try (ConfigurableApplicationContext app = start()) {
            try (LoginBrowser.Signed alice = LoginBrowser.signInAndConnect(port(app), "alice");
                    LoginBrowser.Signed bob = LoginBrowser.signInAndConnect(port(app), "bob")) {

                // No request of alice's: her sessions are found by principal name and deleted, as an
                // administrator's "sign out everywhere" (or another instance sharing the Redis) does.
                @SuppressWarnings("unchecked")
                FindByIndexNameSessionRepository<Session> repository =
                        app.getBean(FindByIndexNameSessionRepository.class);
                Map<String, ? extends Session> sessions = repository.findByPrincipalName("alice");
                assertThat(sessions).containsOnlyKeys(sessionId(alice.browser()));
                long start = System.nanoTime();
                sessions.keySet().forEach(repository::deleteById);
                assertClosedWith1008(alice.ws(), start, BOUND_MILLIS);
                alice.browser().awaitSignedOut(2000);

                bob.ws().sendText("still here");
                assertThat(bob.ws().readFrame().text()).isEqualTo("still here");
            }
        }
    }

    @Test
    void aSpringSessionThatTimesOutHasItsConnectionClosedWith1008() throws Exception {
        try (ConfigurableApplicationContext app = start()) {
            LoginBrowser bob = new LoginBrowser(port(app));
            bob.login("bob", "secret");
            assertThat(bob.authenticated()).as("bob after login").isTrue();
            LoginBrowser carol = new LoginBrowser(port(app));
            carol.login("carol", "secret");
            assertThat(carol.authenticated()).as("carol after login").isTrue();
            try (RawWsClient carolWs = carol.connect();
                    RawWsClient bobWs = bob.connect()) {
                long lastRequest = System.nanoTime();
                assertThat(carolWs.readFrame().text()).isEqualTo("carol");
                assertThat(bobWs.readFrame().text()).isEqualTo("bob");

                carolWs.socket().setSoTimeout(30_000);
                RawWsClient.Frame close = carolWs.readFrame();
                long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastRequest);
                assertThat(close.opcode()).isEqualTo(8);
                assertThat(close.closeCode()).isEqualTo(1008);
                assertThat(elapsed)
                        .as("closed after the session's timeout, within the bound")
                        .isGreaterThanOrEqualTo(TimeUnit.SECONDS.toMillis(CAROL_TIMEOUT_SECONDS) - 500)
                        .isLessThan(TimeUnit.SECONDS.toMillis(CAROL_TIMEOUT_SECONDS) + BOUND_MILLIS);
                carol.awaitSignedOut(2000);

                bobWs.sendText("still here");
                assertThat(bobWs.readFrame().text()).isEqualTo("still here");
                assertThat(bob.authenticated()).isTrue();
            }
        }
    }

    private static void assertClosedWith1008(RawWsClient ws, long start, long boundMillis) throws Exception {
        RawWsClient.Frame close = ws.readFrame();
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(close.opcode()).isEqualTo(8);
        assertThat(close.closeCode()).isEqualTo(1008);
        assertThat(new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8))
                .isEqualTo("session ended");
        assertThat(elapsed).isLessThan(boundMillis);
    }

    /** Spring Session's cookie holds the session id in Base64. */
    private static String sessionId(LoginBrowser browser) {
        return new String(Base64.getDecoder().decode(browser.cookie("SESSION")), StandardCharsets.UTF_8);
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(SpringSessionApplication.class)
                .properties(
                        "server.port=0", "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port())
                .run();
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    /**
     * Spring Session in Redis (indexed: it publishes deletions and expiries), form login (carol's sessions with a
     * short timeout), the echo endpoint.
     */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableRedisIndexedHttpSession
    static class SpringSessionApplication {

        @Bean
        TomcatServletWebServerFactory tomcatServletWebServerFactory() {
            return new TomcatServletWebServerFactory();
        }

        @Bean
        SecurityFilterChain formLogin(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                    .formLogin(
                            form -> form.successHandler(LoginBrowser.sessionTimeoutFor("carol", CAROL_TIMEOUT_SECONDS)))
                    .build();
        }

        @Bean
        UserDetailsService users() {
            return LoginBrowser.users("alice", "bob", "carol");
        }

        @Bean
        SessionEndClosesConnectionsTests.Live live() {
            return new SessionEndClosesConnectionsTests.Live();
        }

        @Bean
        LoginBrowser.Me me() {
            return new LoginBrowser.Me();
        }
    }
}
