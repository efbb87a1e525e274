package io.github.wsboot.websocket.testing;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.github.wsboot.websocket.HandshakeException;
import io.github.wsboot.websocket.Upgrader;

/** A servlet that upgrades every request with an {@link Upgrader} and serves it with a {@link Upgrader.Handler}. */
public final class UpgradeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Upgrader upgrader;
    private final transient Upgrader.Handler handler;

    public UpgradeServlet(Upgrader upgrader, Upgrader.Handler handler) {
        this.upgrader = upgrader;
        this.handler = handler;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            upgrader.upgrade(req, resp, null, handler);
        } catch (HandshakeException e) {
            // The error response has been written.
        }
    }
}
