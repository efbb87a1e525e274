package io.github.wsboot.websocket.transport;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.jspecify.annotations.Nullable;

/**
 * The half of {@link JettyHandOver} that touches Jetty classes; it is loaded only for Jetty's requests.
 *
 * <p>It does what Jetty's own websocket handshake does: it puts a new {@link org.eclipse.jetty.io.Connection}
 * in the request attribute {@link HttpStream#UPGRADE_CONNECTION_ATTRIBUTE} and sends a 101 response. When the
 * response completes, Jetty's HTTP/1.1 connection swaps the endpoint over to the new connection, passing it
 * any bytes read past the request, and the connection's {@code onOpen} completes the handshake.
 */
final class JettyEndPointTakeover {

    private static final System.Logger LOG = System.getLogger(JettyEndPointTakeover.class.getName());

    /**
     * How to reach the core request behind a servlet request class. EE10 and EE11 both expose it as
     * {@code ServletApiRequest.getRequest()}; looking the method up keeps ws-core free of either EE flavour.
     */
    private static final ClassValue<MethodHandle> CORE_REQUEST = new ClassValue<>() {
        @Override
        protected @Nullable MethodHandle computeValue(Class<?> type) {
            try {
                Method m = type.getMethod("getRequest");
                if (!Request.class.isAssignableFrom(m.getReturnType())
                        || !Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
                    return null;
                }
                return MethodHandles.publicLookup().unreflect(m);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    };

    private JettyEndPointTakeover() {}

    /**
     * Null when the core request behind {@code unwrapped} (no servlet wrappers left) can be reached and Jetty's
     * classes have what the take-over calls, else what is missing.
     */
    static @Nullable String probe(ServletRequest unwrapped) {
        if (CORE_REQUEST.get(unwrapped.getClass()) == null) {
            return "no public getRequest() returning Jetty's core request on "
                    + unwrapped.getClass().getName();
        }
        String[] problems = {
            ContainerClasses.missingMethod(Request.class, "getConnectionMetaData"),
            ContainerClasses.missingMethod(Request.class, "unWrap", Request.class),
            ContainerClasses.missingMethod(
                    Request.class, "addCompletionListener", Request.class, java.util.function.Consumer.class),
            ContainerClasses.missingMethod(ConnectionMetaData.class, "getConnector"),
            ContainerClasses.missingMethod(ConnectionMetaData.class, "getConnection"),
            ContainerClasses.missingMethod(EndPoint.class, "fill", java.nio.ByteBuffer.class),
            ContainerClasses.missingMethod(EndPoint.class, "tryFillInterested", org.eclipse.jetty.util.Callback.class),
            ContainerClasses.unimplemented(JettyTransport.class, org.eclipse.jetty.io.Connection.UpgradeTo.class),
        };
        for (String p : problems) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    /** See {@link JettyHandOver#handOver}. */
    static void takeOver(HttpServletRequest request, HttpServletResponse response, HandOverTarget target)
            throws IOException {
        DeferredTransport deferred = target.transport();
        JettyTransport connection;
        Request core;
        try {
            HandOverFaults.check(HandOverFaults.Step.CORE_REQUEST);
            core = coreRequest(ContainerClasses.unwrap(request));
            ConnectionMetaData meta = core.getConnectionMetaData();
            if (meta.getHttpVersion() != HttpVersion.HTTP_1_1) {
                throw new IOException(
                        "websocket: Jetty can upgrade only HTTP/1.1 connections, not " + meta.getHttpVersion());
            }
            EndPoint endPoint = meta.getConnection().getEndPoint();
            connection = new JettyTransport(
                    endPoint,
                    meta.getConnector().getExecutor(),
                    opened -> handOver(opened, deferred, target.onReady()));
            // As Jetty's own websocket does, so connector-level listeners (connection metrics) see the websocket.
            meta.getConnector().getEventListeners().forEach(connection::addEventListener);
        } catch (IOException | RuntimeException | LinkageError e) {
            // Nothing set on the request and no 101 sent yet: the portable upgrade can still take it.
            throw new NotTakenOverException(HandOverFaults.Step.CORE_REQUEST.reason(), e);
        }
        // On the innermost request: that is the one Jetty's HTTP/1.1 connection checks once the response is done.
        Request.unWrap(core).setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, connection);
        Request.addCompletionListener(core, failure -> {
            if (failure != null && !deferred.isReady()) {
                // No 101 went out, so no hand-over will come: release threads waiting for one.
                LOG.log(System.Logger.Level.DEBUG, "websocket upgrade response failed", failure);
                closeQuietly(deferred);
            }
        });
        response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
        response.flushBuffer();
    }

    /** Runs on the Jetty thread that completed the 101, inside {@code EndPoint.upgrade}: must not block. */
    private static void handOver(JettyTransport opened, DeferredTransport deferred, Runnable onReady) {
        try {
            deferred.complete(opened);
            onReady.run();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "websocket hand-over failed", e);
            opened.close();
        }
    }

    private static Request coreRequest(ServletRequest unwrapped) throws IOException {
        MethodHandle getter = CORE_REQUEST.get(unwrapped.getClass());
        if (getter == null) {
            throw new IOException("websocket: no Jetty core request behind "
                    + unwrapped.getClass().getName());
        }
        try {
            return (Request) getter.invoke(unwrapped);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("websocket: could not reach Jetty's core request", e);
        }
    }

    private static void closeQuietly(DeferredTransport deferred) {
        try {
            deferred.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the pending websocket failed", e);
        }
    }
}
