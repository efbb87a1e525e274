package io.github.wsboot.benchmarks.hub;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.github.wsboot.websocket.HandshakeException;
import io.github.wsboot.websocket.Upgrader;
import io.github.wsboot.websocket.hub.Hub;

/** Upgrades every request with ws-core and joins the connection to the hub's topic "feed", then reads until it ends. */
final class FeedServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Hub hub;
    private final transient Upgrader upgrader = Upgrader.builder().build();

    FeedServlet(Hub hub) {
        this.hub = hub;
    }

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
}
