package io.github.wsboot.benchmarks.load.servers.springws;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * Anchor server: Spring's spring-websocket ({@code AbstractWebSocketHandler}) on Tomcat, same Boot version
 * as the starter. {@code /echo} echoes; {@code /broadcast} sends each message to every other session.
 * {@code --bench.max-message=N} raises Tomcat's per-session message buffers (default 8 KiB, which refuses
 * larger messages with 1009); the driver sets it for the echo cells only, because Tomcat allocates both
 * buffers for every session up front.
 */
@SpringBootApplication(
        excludeName = {
            "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration",
            "io.github.wsboot.autoconfigure.WebSocketServerAutoConfiguration"
        })
@EnableWebSocket
public class SpringWebSocketServer implements WebSocketConfigurer {

    public static void main(String[] args) {
        SpringApplication.run(SpringWebSocketServer.class, args);
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // The standard (Jakarta WebSocket, i.e. Tomcat's own) strategy: Jetty's WebSocket classes are on the benchmark
        // classpath too, and Spring
        // would otherwise pick its Jetty strategy.
        DefaultHandshakeHandler tomcat = new DefaultHandshakeHandler(new StandardWebSocketUpgradeStrategy());
        registry.addHandler(new Echo(), "/echo").setHandshakeHandler(tomcat).setAllowedOriginPatterns("*");
        registry.addHandler(new Broadcast(), "/broadcast")
                .setHandshakeHandler(tomcat)
                .setAllowedOriginPatterns("*");
    }

    @Bean
    ServletServerContainerFactoryBean webSocketContainer(@Value("${bench.max-message:0}") int maxMessage) {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        if (maxMessage > 0) {
            container.setMaxTextMessageBufferSize(maxMessage);
            container.setMaxBinaryMessageBufferSize(maxMessage);
        }
        return container;
    }

    /** Echoes text and binary messages. */
    static final class Echo extends AbstractWebSocketHandler {
        @Override
        protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
            session.sendMessage(message);
        }

        @Override
        protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws IOException {
            session.sendMessage(message);
        }
    }

    /** Sends what it receives to every other session, from the sender's thread. */
    static final class Broadcast extends AbstractWebSocketHandler {
        private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();

        @Override
        public void afterConnectionEstablished(WebSocketSession session) {
            sessions.add(session);
        }

        @Override
        public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
            sessions.remove(session);
        }

        @Override
        public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
            for (WebSocketSession s : sessions) {
                if (s != session) {
                    try {
                        s.sendMessage(message);
                    } catch (IOException | IllegalStateException e) {
                        sessions.remove(s);
                    }
                }
            }
        }
    }
}
