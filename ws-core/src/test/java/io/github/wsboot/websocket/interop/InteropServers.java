package io.github.wsboot.websocket.interop;

import java.util.EnumMap;
import java.util.Map;

import io.github.wsboot.websocket.testing.ServletContainer;

/** An {@link InteropServlet} running on every {@link ServletContainer}: what an interop test class shares. */
final class InteropServers implements AutoCloseable {

    private final Map<ServletContainer, ServletContainer.Running> servers = new EnumMap<>(ServletContainer.class);
    private final Map<ServletContainer, InteropServlet> servlets = new EnumMap<>(ServletContainer.class);

    private InteropServers() {}

    /** Starts one container of each kind, each serving its own {@link InteropServlet}. */
    static InteropServers start() throws Exception {
        InteropServers all = new InteropServers();
        for (ServletContainer c : ServletContainer.values()) {
            InteropServlet servlet = new InteropServlet();
            all.servlets.put(c, servlet);
            all.servers.put(c, c.start(servlet));
        }
        return all;
    }

    ServletContainer.Running get(ServletContainer c) {
        return servers.get(c);
    }

    /** The transport class a connection on {@code c} gets from its native hand-over (plain NIO on Tomcat). */
    static String nativeTransport(ServletContainer c) {
        return c == ServletContainer.JETTY ? "JettyTransport" : "TomcatChannelTransport";
    }

    InteropServlet servlet(ServletContainer c) {
        return servlets.get(c);
    }

    @Override
    public void close() {
        for (ServletContainer.Running server : servers.values()) {
            server.close();
        }
    }
}
