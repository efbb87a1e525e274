package io.github.wsboot.websocket.transport;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Upgrade through Tomcat's internal upgrade API. Tomcat's servlet upgrade carries the connection over
 * blocking streams that nothing but the peer can end: closing the {@code WebConnection} neither wakes a
 * thread blocked in a read or write nor closes the socket, so close from another thread, deadlines and
 * keepalive could not work. Tomcat's internal API hands over the socket itself; see {@link TomcatTransport}.
 *
 * <p>This class itself never references Tomcat types, so ws-core works without Tomcat on the class path;
 * the Tomcat half lives in {@link TomcatUpgradeHandler} and is loaded only for Tomcat's requests.
 */
public final class TomcatUpgrade {

    /** Whether Tomcat's connector classes are visible to ws-core (they are in embedded Tomcat and Spring Boot). */
    private static final boolean TOMCAT_VISIBLE = visible("org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler")
            && visible("org.apache.tomcat.util.net.SocketWrapperBase");

    private TomcatUpgrade() {
    }

    /**
     * Whether {@code request} comes from a Tomcat whose socket ws-core can take over: Tomcat's classes are
     * visible to ws-core and the request (under any servlet wrappers) is Tomcat's.
     */
    public static boolean isTomcat(HttpServletRequest request) {
        return TOMCAT_VISIBLE && unwrap(request).getClass().getName().startsWith("org.apache.catalina.");
    }

    /**
     * Upgrades the request with Tomcat's internal API. The caller has set the 101 status and headers; Tomcat
     * sends them after the request handler returns, then completes {@code transport} and runs
     * {@code onReady} on its own thread, so {@code onReady} must not block.
     *
     * @throws ServletException if Tomcat refuses the upgrade
     */
    public static void upgrade(HttpServletRequest request, DeferredTransport transport, Runnable onReady)
            throws IOException, ServletException {
        TomcatUpgradeHandler.upgrade(request, transport, onReady);
    }

    private static ServletRequest unwrap(ServletRequest request) {
        ServletRequest r = request;
        while (r instanceof ServletRequestWrapper wrapper) {
            r = wrapper.getRequest();
        }
        return r;
    }

    private static boolean visible(String className) {
        try {
            Class.forName(className, false, TomcatUpgrade.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
