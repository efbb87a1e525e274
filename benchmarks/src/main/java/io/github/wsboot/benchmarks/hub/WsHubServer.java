package io.github.wsboot.benchmarks.hub;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.LifecycleException;

import io.github.wsboot.websocket.HandshakeException;
import io.github.wsboot.websocket.Upgrader;
import io.github.wsboot.websocket.hub.Hub;
import io.github.wsboot.websocket.testing.TomcatServer;

/** ws-core on Tomcat: each connection joins one hub topic; a broadcast is one {@link Hub#publishText}. */
final class WsHubServer implements FanoutServer {

    private final Hub hub = Hub.builder().build();
    private final TomcatServer tomcat;

    WsHubServer() throws Exception {
        Upgrader upgrader = Upgrader.builder().build();
        HttpServlet servlet = new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                try {
                    upgrader.upgrade(req, resp, null, conn -> {
                        hub.join("feed", conn, "s");
                        while (true) {
                            conn.readMessage();
                        }
                    });
                } catch (HandshakeException e) {
                    // answered
                }
            }
        };
        tomcat = TomcatServer.startWith(servlet, FanoutServer::manyConnections);
    }

    @Override
    public URI uri() {
        return tomcat.uri("/feed");
    }

    @Override
    public int subscribers() {
        return hub.presence("feed").size();
    }

    @Override
    public void broadcast(String text) {
        hub.publishText("feed", text);
    }

    @Override
    public void close() throws LifecycleException {
        hub.close();
        tomcat.close();
    }

    @Override
    public String toString() {
        return "ws Hub (ws-core on Tomcat, Java " + Runtime.version().feature() + ")";
    }
}
