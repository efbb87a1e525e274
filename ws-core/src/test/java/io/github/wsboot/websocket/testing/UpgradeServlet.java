package io.github.wsboot.websocket.testing;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.github.wsboot.websocket.HandshakeException;
import io.github.wsboot.websocket.MessageListener;
import io.github.wsboot.websocket.Upgrader;

/**
 * A servlet that upgrades every request with an {@link Upgrader} and serves it with a {@link Upgrader.Handler}
 * or a {@link MessageListener}.
 */
public final class UpgradeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Upgrader upgrader;
    private final transient Upgrader.Handler handler;
    private final transient MessageListener listener;

    public UpgradeServlet(Upgrader upgrader, Upgrader.Handler handler) {
        this.upgrader = upgrader;
        this.handler = handler;
        this.listener = null;
    }

    public UpgradeServlet(Upgrader upgrader, MessageListener listener) {
        this.upgrader = upgrader;
        this.handler = null;
        this.listener = listener;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            if (listener != null) {
                upgrader.upgrade(req, resp, null, listener);
            } else {
                upgrader.upgrade(req, resp, null, handler);
            }
        } catch (HandshakeException e) {
            // The error response has been written.
        }
    }
}
