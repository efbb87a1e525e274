package io.github.wsboot.websocket.transport;

import java.io.IOException;
import java.util.Objects;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.WebConnection;

import org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler;
import org.apache.tomcat.util.net.AbstractEndpoint.Handler.SocketState;
import org.apache.tomcat.util.net.SSLSupport;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

/**
 * Receives an upgraded connection from Tomcat through Tomcat's internal upgrade API, as Tomcat's own
 * websocket server does, and hands it to the waiting connection: a plain connection of Tomcat's NIO connector
 * (the default, and Spring Boot's) as a {@link TomcatChannelTransport} that owns the socket channel; a TLS or
 * NIO2 connection as a {@link TomcatSocketWrapperTransport} that goes through Tomcat's socket wrapper. Public only because
 * Tomcat instantiates it reflectively; not part of the API.
 *
 * <p>Tomcat gives an internal handler the socket wrapper ({@link #setSocketWrapper}), turns its own
 * connection and keep-alive timeouts off, and, because {@link #hasAsyncIO()} is true, leaves all further I/O
 * to the handler: it polls the socket only when the transport registers interest, and reports readiness,
 * errors and shutdown to {@link #upgradeDispatch}. If Tomcat treats the handler as an ordinary servlet
 * upgrade handler instead (Tomcat's classes were loaded twice, so the interface is not the container's),
 * {@link #init} falls back to a {@link ServletTransport} over the servlet streams. When the channel of a plain
 * NIO connection cannot be taken ({@link TomcatChannelTransport#take} fails, or later the poller does not let
 * go of it), the connection stays on Tomcat's socket wrapper: reported to the observer, never lost.
 */
public final class TomcatUpgradeHandler implements InternalHttpUpgradeHandler {

    private static final System.Logger LOG = System.getLogger(TomcatUpgradeHandler.class.getName());

    private volatile @Nullable HandOverTarget target;
    private volatile @Nullable SocketWrapperBase<?> wrapper;
    private volatile @Nullable TomcatConnection transport;

    /** Tomcat creates the instance; {@link #upgrade} then binds it before the request handler returns. */
    public TomcatUpgradeHandler() {}

    /**
     * Upgrades the request with Tomcat's internal API. The caller has set the 101 status and headers; Tomcat
     * sends them after the request handler returns, then completes the target's transport and runs its
     * {@code onReady} on its own thread.
     *
     * @throws ServletException if Tomcat refuses the upgrade
     */
    static void upgrade(HttpServletRequest request, HandOverTarget target) throws IOException, ServletException {
        TomcatUpgradeHandler handler = request.upgrade(TomcatUpgradeHandler.class);
        handler.target = target;
    }

    @Override
    public void setSocketWrapper(SocketWrapperBase<?> wrapper) {
        this.wrapper = wrapper;
    }

    @Override
    public boolean hasAsyncIO() {
        return true; // Tomcat must not poll the socket by itself: the transport asks for events when it waits
    }

    /** Runs on the Tomcat thread that processed the upgrade, once the 101 response is out. */
    @Override
    public void init(WebConnection connection) {
        HandOverTarget handOver = Objects.requireNonNull(target, "the Upgrader sets the target before the upgrade");
        DeferredTransport pending = handOver.transport();
        SocketWrapperBase<?> socket = wrapper;
        try {
            if (socket != null) {
                TomcatConnection t = takeOver(socket, pending, handOver);
                transport = t;
                pending.complete(t);
            } else {
                pending.complete(new ServletTransport(connection, pending.localAddress(), pending.remoteAddress()));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "upgraded connection unusable", e);
            closeQuietly(pending);
            if (socket != null && transport == null) {
                TomcatConnection.closeThroughTomcat(socket); // nobody else would: Tomcat leaves the I/O to us
            }
            return;
        }
        handOver.onReady().run();
    }

    /**
     * A plain NIO connection leaves Tomcat's poller; anything else (TLS, NIO2) stays with Tomcat's wrapper, and
     * so does a plain one whose channel cannot be taken (the 101 is out: the servlet upgrade is no option now).
     */
    private static TomcatConnection takeOver(
            SocketWrapperBase<?> socket, DeferredTransport pending, HandOverTarget handOver) {
        try {
            HandOverFaults.check(HandOverFaults.Step.CHANNEL_TAKE_OVER);
            TomcatConnection own = TomcatChannelTransport.take(
                    socket, pending.localAddress(), pending.remoteAddress(), handOver.observer());
            if (own != null) {
                return own;
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            ContainerHandOvers.fellBack(
                    "tomcat", HandOverFaults.Step.CHANNEL_TAKE_OVER.reason(), e.toString(), handOver.observer());
        }
        return TomcatSocketWrapperTransport.start(socket, pending.localAddress(), pending.remoteAddress());
    }

    @Override
    public SocketState upgradeDispatch(SocketEvent status) {
        TomcatConnection t = transport;
        if (t == null) {
            return SocketState.CLOSED;
        }
        switch (status) {
            case OPEN_READ -> t.onReadable();
            case OPEN_WRITE -> t.onWritable();
            default -> {
                // STOP, ERROR, DISCONNECT, TIMEOUT, CONNECT_FAIL: Tomcat closes the socket once this returns.
                SocketWrapperBase<?> socket = wrapper;
                t.onEnded(socket != null ? socket.getError() : null);
                return SocketState.CLOSED;
            }
        }
        // ASYNC_IO: stay open without Tomcat polling the socket again; the transport registers interest itself.
        return t.isFinished() ? SocketState.CLOSED : SocketState.ASYNC_IO;
    }

    /**
     * Called about once a second while the connection is in Tomcat's waiting list, and with {@code now < 0}
     * when the connector stops: then Tomcat is about to close the sockets its poller knows without
     * dispatching events (and does not know a {@link TomcatChannelTransport}'s at all), so the connection is
     * closed now. A {@link TomcatSocketWrapperTransport} that is not in the list then is released by its watchdog.
     */
    @Override
    public void timeoutAsync(long now) {
        TomcatConnection t = transport;
        if (t == null) {
            return;
        }
        if (now < 0) {
            t.close();
            return;
        }
        SocketWrapperBase<?> socket = wrapper;
        if (socket != null && socket.isClosed()) {
            t.onEnded(null);
        }
    }

    /** Tomcat is done with the connection (closed by either side): release anything still waiting on it. */
    @Override
    public void destroy() {
        TomcatConnection t = transport;
        if (t != null) {
            t.onEnded(null);
            return;
        }
        // Never handed over, or handed over as a ServletTransport: closing fails waiters / the streams.
        HandOverTarget handOver = target;
        if (handOver != null) {
            closeQuietly(handOver.transport());
        }
    }

    @Override
    public void setSslSupport(SSLSupport sslSupport) {
        // TLS details are not needed after the handshake.
    }

    @Override
    public void pause() {
        // A paused connector stops accepting connections; open websockets carry on until closed.
    }

    private static void closeQuietly(DeferredTransport pending) {
        try {
            pending.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the pending websocket failed", e);
        }
    }
}
