package io.github.wsboot.websocket.transport;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The portable hand-over: {@code HttpServletRequest.upgrade} with a {@link ServletUpgradeHandler}. */
final class ServletHandOver implements ContainerHandOver {

    @Override
    public String name() {
        return "servlet";
    }

    @Override
    public boolean recognizes(HttpServletRequest request) {
        return true;
    }

    @Override
    public String probe(HttpServletRequest request) {
        return null;
    }

    @Override
    public void handOver(HttpServletRequest request, HttpServletResponse response, HandOverTarget target)
            throws IOException, ServletException {
        response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
        request.upgrade(ServletUpgradeHandler.class).bind(target);
    }
}
