package io.github.wsboot.benchmarks.hub;

import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import io.github.wsboot.websocket.testing.TomcatServer;

/**
 * The same workload on Spring's spring-websocket (standard JSR-356 on Tomcat), as its users build it: a
 * {@link TextWebSocketHandler} keeps sessions wrapped in {@link ConcurrentWebSocketSessionDecorator} (10 s send
 * time limit, 1 MiB buffer, as the hub's defaults) and the publisher sends to each.
 */
final class SpringWebSocketServer implements FanoutServer {

    private static final Broadcaster HANDLER = new Broadcaster();
    private final TomcatServer tomcat;

    SpringWebSocketServer() throws Exception {
        HANDLER.sessions.clear();
        AnnotationConfigWebApplicationContext app = new AnnotationConfigWebApplicationContext();
        app.register(Config.class);
        tomcat = TomcatServer.startWith(FanoutServer::manyConnections, ctx -> {
            ctx.addServletContainerInitializer(new WsSci(), null);
            Wrapper w = Tomcat.addServlet(ctx, "dispatcher", new DispatcherServlet(app));
            w.setLoadOnStartup(1);
            ctx.addServletMappingDecoded("/", "dispatcher");
        });
    }

    @Override
    public URI uri() {
        return tomcat.uri("/feed");
    }

    @Override
    public int subscribers() {
        return HANDLER.sessions.size();
    }

    @Override
    public void broadcast(String text) throws Exception {
        TextMessage message = new TextMessage(text);
        for (WebSocketSession s : HANDLER.sessions) {
            try {
                s.sendMessage(message);
            } catch (Exception e) {
                HANDLER.sessions.remove(s);
            }
        }
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.close();
    }

    @Override
    public String toString() {
        return "Spring spring-websocket (Tomcat JSR-356, Java "
                + Runtime.version().feature() + ")";
    }

    static final class Broadcaster extends TextWebSocketHandler {
        final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();

        @Override
        public void afterConnectionEstablished(WebSocketSession session) {
            sessions.add(new ConcurrentWebSocketSessionDecorator(session, 10_000, 1 << 20));
        }

        @Override
        public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
            sessions.removeIf(s -> s.getId().equals(session.getId()));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebSocket
    static class Config implements WebSocketConfigurer {

        @Bean
        Broadcaster broadcaster() {
            return HANDLER;
        }

        @Override
        public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
            registry.addHandler(HANDLER, "/feed");
        }
    }
}
