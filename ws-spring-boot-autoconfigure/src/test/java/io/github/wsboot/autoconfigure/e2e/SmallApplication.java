package io.github.wsboot.autoconfigure.e2e;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import io.github.wsboot.spring.CloseStatus;
import io.github.wsboot.spring.ConnectionHandler;
import io.github.wsboot.spring.Handshake;
import io.github.wsboot.spring.OnClose;
import io.github.wsboot.spring.OnMessage;
import io.github.wsboot.spring.WebSocketHandler;
import io.github.wsboot.websocket.Conn;

/**
 * A small application for tests that start and stop their own context: an echo of each model and a handler
 * that names its thread. Security permits everything (it is on the test class path).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({EndToEndApplication.Echo.class, SmallApplication.Chat.class, SmallApplication.ThreadName.class})
class SmallApplication {

    @Bean
    SecurityFilterChain permitAll(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll()).build();
    }

    /** A message-oriented echo that records how it was closed. */
    @WebSocketHandler("/chat")
    static class Chat {

        final BlockingQueue<CloseStatus> closes = new LinkedBlockingQueue<>();

        @OnMessage
        String echo(String text) {
            return text;
        }

        @OnClose
        void closed(CloseStatus status) {
            closes.add(status);
        }
    }

    /** Sends the name of the thread that serves the connection, then waits for the close. */
    @WebSocketHandler("/thread")
    static class ThreadName implements ConnectionHandler {

        @Override
        public void serve(Conn conn, Handshake handshake) throws IOException {
            conn.writeText(Thread.currentThread().toString());
            while (true) {
                conn.readMessage();
            }
        }
    }
}
