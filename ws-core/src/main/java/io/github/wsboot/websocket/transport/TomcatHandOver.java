package io.github.wsboot.websocket.transport;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

/**
 * Tomcat's native hand-over, through Tomcat's internal upgrade API. Tomcat's servlet upgrade carries the
 * connection over blocking streams that nothing but the peer can end: closing the {@code WebConnection}
 * neither wakes a thread blocked in a read or write nor closes the socket, so close from another thread,
 * deadlines and keepalive could not work. Tomcat's internal API hands over the socket itself; see
 * {@link TomcatUpgradeHandler} for the two transports it leads to.
 *
 * <p>This class itself never links Tomcat types, so ws-core works without Tomcat on the class path; they are
 * loaded only for Tomcat's requests. The probe checks that every Tomcat class and method the take-over calls
 * is there with the expected signature.
 */
final class TomcatHandOver implements ContainerHandOver {

    private static final String WRAPPER = "org.apache.tomcat.util.net.SocketWrapperBase";
    private static final String NIO_WRAPPER = "org.apache.tomcat.util.net.NioEndpoint$NioSocketWrapper";
    private static final String POLLER = "org.apache.tomcat.util.net.NioEndpoint$Poller";
    private static final String NIO_CHANNEL = "org.apache.tomcat.util.net.NioChannel";
    private static final String BUFFERS = "org.apache.tomcat.util.net.SocketBufferHandler";
    private static final String EVENT = "org.apache.tomcat.util.net.SocketEvent";

    /** Whether Tomcat's connector classes are visible to ws-core (they are in embedded Tomcat and Spring Boot). */
    private static final boolean TOMCAT_VISIBLE =
            ContainerClasses.visible("org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler")
                    && ContainerClasses.visible(WRAPPER);

    @Override
    public String name() {
        return "tomcat";
    }

    @Override
    public boolean recognizes(HttpServletRequest request) {
        return TOMCAT_VISIBLE
                && ContainerClasses.unwrap(request).getClass().getName().startsWith("org.apache.catalina.");
    }

    @Override
    public @Nullable String probe(HttpServletRequest request) {
        try {
            Class<?> wrapper = Class.forName(WRAPPER);
            Class<?> nioWrapper = Class.forName(NIO_WRAPPER);
            Class<?> event = Class.forName(EVENT);
            String[] problems = {
                ContainerClasses.unimplemented(
                        TomcatUpgradeHandler.class,
                        Class.forName("org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler")),
                ContainerClasses.missingMethod(wrapper, "getLock"),
                ContainerClasses.missingMethod(wrapper, "isClosed"),
                ContainerClasses.missingMethod(wrapper, "close"),
                ContainerClasses.missingMethod(wrapper, "getError"),
                ContainerClasses.missingMethod(wrapper, "getSocketBufferHandler"),
                ContainerClasses.missingMethod(wrapper, "read", boolean.class, byte[].class, int.class, int.class),
                ContainerClasses.missingMethod(wrapper, "write", boolean.class, byte[].class, int.class, int.class),
                ContainerClasses.missingMethod(wrapper, "flush", boolean.class),
                ContainerClasses.missingMethod(wrapper, "registerReadInterest"),
                ContainerClasses.missingMethod(wrapper, "registerWriteInterest"),
                ContainerClasses.missingMethod(wrapper, "processSocket", event, boolean.class),
                ContainerClasses.missingMethod(nioWrapper, "getPoller"),
                ContainerClasses.missingMethod(nioWrapper, "getSocket"),
                ContainerClasses.missingMethod(nioWrapper, "interestOps"),
                ContainerClasses.missingMethod(nioWrapper, "interestOps", int.class),
                ContainerClasses.missingMethod(POLLER, "add", nioWrapper, int.class),
                ContainerClasses.missingMethod(POLLER, "getSelector"),
                ContainerClasses.missingMethod(NIO_CHANNEL, "getIOChannel"),
                ContainerClasses.missingMethod(NIO_CHANNEL, "reset", java.nio.channels.SocketChannel.class, nioWrapper),
                ContainerClasses.missingMethod(BUFFERS, "isWriteBufferEmpty"),
                ContainerClasses.missingMethod(BUFFERS, "configureReadBufferForRead"),
                ContainerClasses.missingMethod(BUFFERS, "getReadBuffer"),
            };
            for (String p : problems) {
                if (p != null) {
                    return p;
                }
            }
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return "Tomcat classes not as expected: " + e;
        }
    }

    @Override
    public void handOver(HttpServletRequest request, HttpServletResponse response, HandOverTarget target)
            throws IOException, ServletException {
        response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
        try {
            HandOverFaults.check(HandOverFaults.Step.UPGRADE_REQUEST);
            TomcatUpgradeHandler.upgrade(request, target);
        } catch (IOException | ServletException | RuntimeException | LinkageError e) {
            // Nothing is committed until the request handler returns: the servlet upgrade can still replace it.
            throw new NotTakenOverException(HandOverFaults.Step.UPGRADE_REQUEST.reason(), e);
        }
    }
}
