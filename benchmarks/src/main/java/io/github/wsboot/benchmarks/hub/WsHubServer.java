package io.github.wsboot.benchmarks.hub;

import java.net.URI;

import org.apache.catalina.LifecycleException;

import io.github.wsboot.websocket.hub.Hub;
import io.github.wsboot.websocket.testing.TomcatServer;

/** ws-core on Tomcat: each connection joins one hub topic; a broadcast is one {@link Hub#publishText}. */
final class WsHubServer implements FanoutServer {

    private final Hub hub = Hub.builder().build();
    private final TomcatServer tomcat;

    WsHubServer() throws Exception {
        tomcat = TomcatServer.startWith(new FeedServlet(hub), FanoutServer::manyConnections);
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
