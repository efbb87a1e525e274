package io.github.wsboot.benchmarks.hub;

import java.net.URI;

import org.apache.catalina.startup.Tomcat;

import io.github.wsboot.websocket.hub.Hub;

/** ws-core on Tomcat: each connection joins one hub topic; a broadcast is one {@link Hub#publishText}. */
final class WsHubServer implements FanoutServer {

    private final Hub hub = Hub.builder().build();
    private final EmbeddedTomcat tomcat;

    WsHubServer() throws Exception {
        FeedServlet servlet = new FeedServlet(hub);
        tomcat = new EmbeddedTomcat(ctx -> {
            Tomcat.addServlet(ctx, "ws", servlet);
            ctx.addServletMappingDecoded("/*", "ws");
        });
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
    public void close() throws Exception {
        hub.close();
        tomcat.close();
    }

    @Override
    public String toString() {
        return "ws Hub (ws-core on Tomcat, Java " + Runtime.version().feature() + ")";
    }
}
