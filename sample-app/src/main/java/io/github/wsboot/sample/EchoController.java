package io.github.wsboot.sample;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

import io.github.wsboot.websocket.HandshakeException;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.Upgrader;

/**
 * {@code /echo}: echoes every text and binary message with its type, gorilla style — a blocking read loop on
 * the connection's own thread. A standard target for conformance tools.
 */
@Controller
public class EchoController {

    /** 16 MiB: big enough for the conformance suites' largest messages. */
    static final long READ_LIMIT = 16L << 20;

    private final Upgrader upgrader = Upgrader.builder().build();

    @GetMapping("/echo")
    public void echo(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            upgrader.upgrade(request, response, null, conn -> {
                conn.setReadLimit(READ_LIMIT);
                while (true) {
                    Message m = conn.readMessage();
                    conn.writeMessage(m.type(), m.data());
                }
            });
        } catch (HandshakeException e) {
            // The Upgrader has written the HTTP error response (400, 403, 405 or 426).
        }
    }
}
