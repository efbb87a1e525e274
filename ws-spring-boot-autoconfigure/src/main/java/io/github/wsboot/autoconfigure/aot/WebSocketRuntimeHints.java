package io.github.wsboot.autoconfigure.aot;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.util.ClassUtils;

/**
 * What ws-core and the starter reach by reflection, for native images:
 * <ul>
 * <li>the servlet upgrade handlers, which the container instantiates from their class
 *     ({@code HttpServletRequest.upgrade(Class)});</li>
 * <li>the Tomcat and Jetty classes the container hand-overs ({@code TomcatHandOver}, {@code JettyHandOver})
 *     load by name and check method by method before taking a connection over, and Jetty's servlet request
 *     classes, whose {@code getRequest()} ws-core calls through a method handle; a class left out would make
 *     the check fail and every connection fall back to the servlet hand-over;</li>
 * <li>{@code Thread.ofVirtual()} and {@code Thread.Builder.factory()}, which ws-core looks up with method
 *     handles to run connections on virtual threads on Java 21 and later.</li>
 * </ul>
 * Container classes are registered only when they are on the class path at build time.
 *
 * @author ws contributors
 * @since 0.1.0
 */
final class WebSocketRuntimeHints implements RuntimeHintsRegistrar {

    /** Instantiated by the container from their class. */
    static final List<String> UPGRADE_HANDLERS = List.of(
            "io.github.wsboot.websocket.transport.ServletUpgradeHandler",
            "io.github.wsboot.websocket.transport.TomcatUpgradeHandler");

    /** Loaded by name or checked for methods by the Tomcat and Jetty hand-overs. */
    static final List<String> CHECKED_CONTAINER_CLASSES = List.of(
            "org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler",
            "org.apache.tomcat.util.net.SocketWrapperBase",
            "org.apache.tomcat.util.net.NioEndpoint$NioSocketWrapper",
            "org.apache.tomcat.util.net.NioEndpoint$Poller",
            "org.apache.tomcat.util.net.NioChannel",
            "org.apache.tomcat.util.net.SocketBufferHandler",
            "org.apache.tomcat.util.net.SocketEvent",
            "org.eclipse.jetty.server.HttpStream",
            "org.eclipse.jetty.io.AbstractConnection",
            "org.eclipse.jetty.server.Request",
            "org.eclipse.jetty.server.ConnectionMetaData",
            "org.eclipse.jetty.io.EndPoint",
            "org.eclipse.jetty.io.Connection$UpgradeTo",
            "io.github.wsboot.websocket.transport.JettyTransport");

    /** Jetty's servlet requests (EE10, EE11), whose {@code getRequest()} {@code JettyEndPointTakeover} looks up. */
    static final List<String> JETTY_SERVLET_REQUESTS = List.of(
            "org.eclipse.jetty.ee10.servlet.ServletApiRequest", "org.eclipse.jetty.ee11.servlet.ServletApiRequest");

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        for (String name : UPGRADE_HANDLERS) {
            if (ClassUtils.isPresent(name, classLoader)) {
                hints.reflection().registerType(TypeReference.of(name), MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
            }
        }
        for (String name : CHECKED_CONTAINER_CLASSES) {
            if (ClassUtils.isPresent(name, classLoader)) {
                hints.reflection().registerType(TypeReference.of(name));
            }
        }
        for (String name : JETTY_SERVLET_REQUESTS) {
            if (ClassUtils.isPresent(name, classLoader)) {
                hints.reflection()
                        .registerType(
                                TypeReference.of(name),
                                type -> type.withMethod("getRequest", List.of(), ExecutableMode.INVOKE));
            }
        }
        hints.reflection()
                .registerType(Thread.class, type -> type.withMethod("ofVirtual", List.of(), ExecutableMode.INVOKE));
        hints.reflection().registerType(TypeReference.of("java.lang.Thread$Builder$OfVirtual"));
        hints.reflection()
                .registerType(
                        TypeReference.of("java.lang.Thread$Builder"),
                        type -> type.withMethod("factory", List.of(), ExecutableMode.INVOKE));
    }
}
