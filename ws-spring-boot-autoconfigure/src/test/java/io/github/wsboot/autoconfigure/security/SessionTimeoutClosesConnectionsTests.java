package io.github.wsboot.autoconfigure.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.apache.catalina.session.StandardManager;
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

import io.github.wsboot.websocket.testing.RawWsClient;

/**
 * The container's session timeout ends a connection too. A real Tomcat whose session expiry runs every second
 * ({@code server.tomcat.background-processor-delay=1s} and a manager that checks expiry on every background run;
 * Boot's defaults check every 60 s): alice's HTTP session times out after {@value #ALICE_TIMEOUT_SECONDS} s without
 * an HTTP request, and her WebSocket is closed with 1008 "session ended" within the timeout plus the expiry
 * check, although she keeps sending messages on it (WebSocket traffic is not an HTTP request and does not keep the
 * session alive). Bob's session has the default timeout: his connection stays open.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SessionTimeoutClosesConnectionsTests {

    /** Alice's sessions time out after this many seconds without an HTTP request. */
    static final int ALICE_TIMEOUT_SECONDS = 2;

    /** Tomcat checks session expiry every second here: a close within the timeout plus this is on time. */
    private static final long SLACK_MILLIS = 6000;

    @Test
    void aSessionThatTimesOutHasItsConnectionClosedWith1008WhileAnotherSessionsStaysOpen() throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(TimeoutApplication.class)
                .properties("server.port=0", "server.tomcat.background-processor-delay=1s")
                .run()) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            LoginBrowser bob = new LoginBrowser(port);
            bob.login("bob", "secret");
            LoginBrowser alice = new LoginBrowser(port);
            alice.login("alice", "secret");
            try (RawWsClient aliceWs = alice.connect();
                    RawWsClient bobWs = bob.connect()) {
                // The handshake is alice's last HTTP request: her session's idle time counts from about here.
                long lastRequest = System.nanoTime();
                assertThat(aliceWs.readFrame().text()).isEqualTo("alice");
                assertThat(bobWs.readFrame().text()).isEqualTo("bob");

                // Alice keeps using her connection until the server closes it.
                RawWsClient.Frame close = null;
                for (int i = 0; close == null; i++) {
                    aliceWs.sendText("message " + i);
                    RawWsClient.Frame frame = aliceWs.readFrame();
                    if (frame.opcode() == 8) {
                        close = frame;
                    } else {
                        assertThat(frame.text()).isEqualTo("message " + i);
                        Thread.sleep(200);
                    }
                }
                long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastRequest);
                assertThat(close.closeCode()).isEqualTo(1008);
                assertThat(new String(
                                close.payload(),
                                2,
                                close.payload().length - 2,
                                java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo("session ended");
                assertThat(elapsed)
                        .as("closed after the session's timeout, within the expiry check")
                        .isGreaterThanOrEqualTo(TimeUnit.SECONDS.toMillis(ALICE_TIMEOUT_SECONDS) - 500)
                        .isLessThan(TimeUnit.SECONDS.toMillis(ALICE_TIMEOUT_SECONDS) + SLACK_MILLIS);
                // It was the timeout: her HTTP session is gone too.
                alice.awaitSignedOut(2000);

                // Bob's session is alive, and so is his connection.
                bobWs.sendText("still here");
                assertThat(bobWs.readFrame().text()).isEqualTo("still here");
                assertThat(bob.authenticated()).isTrue();
            }
        }
    }

    /** Form login; alice's sessions get a short timeout, bob's the default. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class TimeoutApplication {

        @Bean
        TomcatServletWebServerFactory tomcatServletWebServerFactory() {
            TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
            // Expiry is checked on every background run (every second here), not on every sixth.
            factory.addContextCustomizers(context -> {
                StandardManager manager = new StandardManager();
                manager.setProcessExpiresFrequency(1);
                context.setManager(manager);
            });
            return factory;
        }

        @Bean
        SecurityFilterChain formLogin(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                    .formLogin(
                            form -> form.successHandler(LoginBrowser.sessionTimeoutFor("alice", ALICE_TIMEOUT_SECONDS)))
                    .build();
        }

        @Bean
        UserDetailsService users() {
            return LoginBrowser.users("alice", "bob");
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
