package io.github.wsboot.autoconfigure.e2e;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.PathVariable;

import io.github.wsboot.spring.CloseStatus;
import io.github.wsboot.spring.ConnectionHandler;
import io.github.wsboot.spring.Handshake;
import io.github.wsboot.spring.OnClose;
import io.github.wsboot.spring.OnError;
import io.github.wsboot.spring.OnMessage;
import io.github.wsboot.spring.OnOpen;
import io.github.wsboot.spring.WebSocketHandler;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Message;

/**
 * The application of the end-to-end tests: one endpoint per feature, Spring Security guarding
 * {@code /secure/**} with HTTP Basic (and {@code /secure/admin/**} for admins only), actuator with the
 * metrics, prometheus and websockets endpoints exposed.
 * Handlers are imported explicitly, not scanned, so that the deliberately broken handlers of other tests stay
 * out.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({
    EndToEndApplication.Echo.class,
    EndToEndApplication.Metered.class,
    EndToEndApplication.Rooms.class,
    EndToEndApplication.Json.class,
    EndToEndApplication.WhoAmI.class,
    EndToEndApplication.Protocols.class,
    EndToEndApplication.Failing.class,
    EndToEndApplication.Partner.class
})
public class EndToEndApplication {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth.requestMatchers("/secure/admin/**")
                        .hasRole("ADMIN")
                        .requestMatchers("/secure/**")
                        .authenticated()
                        .anyRequest()
                        .permitAll())
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    InMemoryUserDetailsManager users() {
        return new InMemoryUserDetailsManager(User.withUsername("alice")
                .password("{noop}secret")
                .roles("USER")
                .build());
    }

    /** Connection-oriented echo, gorilla style. */
    @WebSocketHandler("/echo")
    static class Echo implements ConnectionHandler {

        @Override
        public void serve(Conn conn, Handshake handshake) throws IOException {
            while (true) {
                Message m = conn.readMessage();
                conn.writeMessage(m.type(), m.data());
            }
        }
    }

    /** The echo again, on a path of its own so that the metrics test counts only its own traffic. */
    @WebSocketHandler("/metered")
    static class Metered extends Echo {}

    /** Message-oriented, with a path variable, both message types, a read limit and a close callback. */
    @WebSocketHandler(path = "/rooms/{room}", readLimit = "1KB")
    static class Rooms {

        final BlockingQueue<CloseStatus> closes = new LinkedBlockingQueue<>();

        @OnOpen
        String open(@PathVariable String room) {
            return "welcome to " + room;
        }

        @OnMessage
        String text(String text, @PathVariable("room") String room, Handshake handshake) {
            return room + ": " + text
                    + (handshake.queryParams().containsKey("nick")
                            ? " from " + handshake.queryParams().get("nick").get(0)
                            : "");
        }

        @OnMessage
        ByteBuffer binary(byte[] data) {
            byte[] reversed = new byte[data.length];
            for (int i = 0; i < data.length; i++) {
                reversed[i] = data[data.length - 1 - i];
            }
            return ByteBuffer.wrap(reversed);
        }

        @OnClose
        void close(CloseStatus status) {
            closes.add(status);
        }
    }

    record Greeting(String name, int count) {}

    record Reply(String greeting, int count) {}

    /** JSON payloads bound to records with Boot's JsonMapper. */
    @WebSocketHandler("/json")
    static class Json {

        final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();

        @OnMessage
        Reply greet(Greeting greeting) {
            return new Reply("hello " + greeting.name(), greeting.count() + 1);
        }

        @OnError
        void error(Throwable error) {
            errors.add(error);
        }
    }

    /** Behind Spring Security: the authenticated principal reaches the handler. */
    @WebSocketHandler("/secure/whoami")
    static class WhoAmI {

        @OnOpen
        String open(Principal principal) {
            return principal == null ? "anonymous" : principal.getName();
        }

        @OnMessage
        void ignore(String text) {}
    }

    /** Per-endpoint subprotocols, in server preference order. */
    @WebSocketHandler(
            path = "/protocols",
            subprotocols = {"v2.chat", "v1.chat"})
    static class Protocols implements ConnectionHandler {

        @Override
        public void serve(Conn conn, Handshake handshake) throws IOException {
            conn.writeText("subprotocol=" + conn.subprotocol());
            while (true) {
                conn.readMessage();
            }
        }
    }

    /** A handler method that throws: @OnError sees it, the client gets 1011. */
    @WebSocketHandler("/fail")
    static class Failing {

        final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();

        @OnMessage
        String fail(String text) {
            throw new IllegalStateException("boom: " + text);
        }

        @OnError
        void error(IllegalStateException error) {
            errors.add(error);
        }
    }

    /** Per-endpoint origin patterns on top of the same-origin default. */
    @WebSocketHandler(path = "/partner", allowedOrigins = "https://*.partner.example")
    static class Partner implements ConnectionHandler {

        @Override
        public void serve(Conn conn, Handshake handshake) throws IOException {
            conn.writeText("ok");
            while (true) {
                conn.readMessage();
            }
        }
    }
}
