package io.github.wsboot.autoconfigure.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.session.HttpSessionEventPublisher;

import io.github.wsboot.spring.ConnectionHandler;
import io.github.wsboot.spring.Handshake;
import io.github.wsboot.spring.WebSocketHandler;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.testing.RawWsClient;

/**
 * A connection authenticated by an HTTP session does not outlive it. Spring Security form login over a real
 * Tomcat and real sockets: the browser-like client logs in, opens a WebSocket with its session cookie, and the
 * connection is closed with 1008 when the session is logged out, or expired through Spring Security's
 * {@link SessionRegistry} ({@link SessionInformation#expireNow()}); with {@code ws.server.session.close-on-end=false}
 * it stays open.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SessionEndClosesConnectionsTests {

    @Test
    void logoutClosesTheSessionsConnectionsWith1008() throws Exception {
        try (ConfigurableApplicationContext app = start()) {
            try (LoginBrowser.Signed alice = LoginBrowser.signInAndConnect(port(app), "alice");
                    LoginBrowser.Signed bob = LoginBrowser.signInAndConnect(port(app), "bob")) {

                long start = System.nanoTime();
                alice.browser().logout();
                RawWsClient.Frame close = alice.ws().readFrame();
                assertThat(close.opcode()).isEqualTo(8);
                assertThat(close.closeCode()).isEqualTo(1008);
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                        .isLessThan(5000);

                // Another session's connection is untouched.
                bob.ws().sendText("still here");
                assertThat(bob.ws().readFrame().text()).isEqualTo("still here");
            }
        }
    }

    @Test
    void expiryThroughTheSessionRegistryClosesTheConnectionWithinTheCheckInterval() throws Exception {
        try (ConfigurableApplicationContext app = start()) {
            LoginBrowser alice = new LoginBrowser(port(app));
            alice.login("alice", "secret");
            try (RawWsClient ws = alice.connect()) {
                assertThat(ws.readFrame().text()).isEqualTo("alice");
                SessionRegistry registry = app.getBean(SessionRegistry.class);
                long start = System.nanoTime();
                for (Object principal : registry.getAllPrincipals()) {
                    registry.getAllSessions(principal, false).forEach(SessionInformation::expireNow);
                }
                RawWsClient.Frame close = ws.readFrame();
                assertThat(close.opcode()).isEqualTo(8);
                assertThat(close.closeCode()).isEqualTo(1008);
                // The check runs every 200 ms here.
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                        .isLessThan(5000);
            }
        }
    }

    @Test
    void withTheOptOutTheConnectionOutlivesTheSession() throws Exception {
        try (ConfigurableApplicationContext app = start("ws.server.session.close-on-end=false")) {
            LoginBrowser alice = new LoginBrowser(port(app));
            alice.login("alice", "secret");
            try (RawWsClient ws = alice.connect()) {
                assertThat(ws.readFrame().text()).isEqualTo("alice");
                alice.logout();
                Thread.sleep(1000); // three registry checks' worth
                ws.sendText("after logout");
                assertThat(ws.readFrame().text()).isEqualTo("after logout");
            }
        }
    }

    private static ConfigurableApplicationContext start(String... more) {
        String[] properties = new String[more.length + 2];
        properties[0] = "server.port=0";
        properties[1] = "ws.server.session.registry-check-interval=200ms";
        System.arraycopy(more, 0, properties, 2, more.length);
        return new SpringApplicationBuilder(FormLoginApplication.class)
                .properties(properties)
                .run();
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    /** Form login, a session registry, and an endpoint that names the user and then echoes. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class FormLoginApplication {

        @Bean
        TomcatServletWebServerFactory tomcatServletWebServerFactory() {
            return new TomcatServletWebServerFactory();
        }

        @Bean
        SessionRegistry sessionRegistry() {
            return new SessionRegistryImpl();
        }

        @Bean
        HttpSessionEventPublisher httpSessionEventPublisher() {
            return new HttpSessionEventPublisher();
        }

        @Bean
        SecurityFilterChain formLogin(HttpSecurity http, SessionRegistry registry) throws Exception {
            return http.authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults())
                    .sessionManagement(s -> s.maximumSessions(10).sessionRegistry(registry))
                    .build();
        }

        @Bean
        UserDetailsService users() {
            return LoginBrowser.users("alice", "bob");
        }

        @Bean
        Live live() {
            return new Live();
        }
    }

    /** Sends the user's name, then echoes text until the connection ends. */
    @WebSocketHandler("/live")
    static class Live implements ConnectionHandler {

        @Override
        public void serve(Conn conn, Handshake handshake) throws IOException {
            conn.writeText(
                    handshake.principal() == null
                            ? "anonymous"
                            : handshake.principal().getName());
            while (true) {
                Message m = conn.readMessage();
                conn.writeText(m.text());
            }
        }
    }
}
