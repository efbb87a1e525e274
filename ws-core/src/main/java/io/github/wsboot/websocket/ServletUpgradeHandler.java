package io.github.wsboot.websocket;

import java.io.IOException;
import java.util.concurrent.Executor;

import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;

import io.github.wsboot.websocket.transport.DeferredTransport;
import io.github.wsboot.websocket.transport.ServletTransport;

/**
 * Receives the upgraded connection from the servlet container and hands it to the waiting {@link Conn} as a
 * {@link ServletTransport}: the generic path, for containers without a native hand-over (Jetty and Tomcat have
 * one). See {@link ServletTransport} for what it cannot do. Public only because containers instantiate it
 * reflectively; not part of the API.
 */
public final class ServletUpgradeHandler implements HttpUpgradeHandler {

    private static final System.Logger LOG = System.getLogger(ServletUpgradeHandler.class.getName());

    private DeferredTransport transport;
    private Conn conn;
    private Upgrader.Handler handler;
    private Executor executor;

    /** Containers create the instance; {@link Upgrader} then binds it before the request handler returns. */
    public ServletUpgradeHandler() {
    }

    void bind(DeferredTransport transport, Conn conn, Upgrader.Handler handler, Executor executor) {
        this.transport = transport;
        this.conn = conn;
        this.handler = handler;
        this.executor = executor;
    }

    @Override
    public void init(WebConnection connection) {
        try {
            transport.complete(new ServletTransport(connection, transport.localAddress(), transport.remoteAddress()));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "upgraded connection unusable", e);
            conn.closeNow();
            return;
        }
        if (handler != null) {
            Upgrader.serve(conn, handler, executor);
        }
    }

    @Override
    public void destroy() {
        // The container is done with the connection (closed by either side): release any blocked caller.
        if (conn != null) {
            conn.closeNow();
        }
    }
}
