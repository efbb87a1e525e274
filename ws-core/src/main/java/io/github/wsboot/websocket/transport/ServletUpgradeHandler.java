package io.github.wsboot.websocket.transport;

import java.io.IOException;
import java.util.Objects;

import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;

import org.jspecify.annotations.Nullable;

/**
 * Receives the upgraded connection from the servlet container and hands it to the waiting connection as a
 * {@link ServletTransport}: the portable path ({@link ServletHandOver}), for containers without a native
 * hand-over and as the fallback when one is unavailable. See {@link ServletTransport} for what it cannot do.
 * Public only because containers instantiate it reflectively; not part of the API.
 */
public final class ServletUpgradeHandler implements HttpUpgradeHandler {

    private static final System.Logger LOG = System.getLogger(ServletUpgradeHandler.class.getName());

    private volatile @Nullable HandOverTarget target;

    /** Containers create the instance; {@link ServletHandOver} then binds it before the request handler returns. */
    public ServletUpgradeHandler() {}

    void bind(HandOverTarget target) {
        this.target = target;
    }

    @Override
    public void init(WebConnection connection) {
        HandOverTarget t = Objects.requireNonNull(target, "the Upgrader sets the target before the upgrade");
        DeferredTransport transport = t.transport();
        try {
            transport.complete(new ServletTransport(connection, transport.localAddress(), transport.remoteAddress()));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "upgraded connection unusable", e);
            t.onLost().run();
            return;
        }
        t.onReady().run();
    }

    @Override
    public void destroy() {
        // The container is done with the connection (closed by either side): release any blocked caller.
        HandOverTarget t = target;
        if (t != null) {
            t.onLost().run();
        }
    }
}
