package io.github.wsboot.websocket.client;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.github.wsboot.websocket.HandshakeException;
import io.github.wsboot.websocket.Upgrader;

/**
 * Upgrades every request with an {@link Upgrader}, recording the request headers the server saw and adding
 * fixed response headers (for example {@code Set-Cookie}).
 */
final class RecordingUpgradeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Upgrader upgrader;
    private final transient Upgrader.Handler handler;
    private final transient Map<String, List<String>> responseHeader;
    private final transient BlockingQueue<Map<String, List<String>>> requests = new LinkedBlockingQueue<>();

    RecordingUpgradeServlet(Upgrader upgrader, Upgrader.Handler handler, Map<String, List<String>> responseHeader) {
        this.upgrader = upgrader;
        this.handler = handler;
        this.responseHeader = responseHeader;
    }

    /** The headers of each request, names case-insensitive, in arrival order. */
    BlockingQueue<Map<String, List<String>>> requests() {
        return requests;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.put(name, Collections.list(req.getHeaders(name)));
        }
        requests.add(headers);
        try {
            upgrader.upgrade(req, resp, responseHeader, handler);
        } catch (HandshakeException e) {
            // The error response has been written.
        }
    }
}
