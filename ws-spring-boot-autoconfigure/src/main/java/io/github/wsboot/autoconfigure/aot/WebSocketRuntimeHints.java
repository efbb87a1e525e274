package io.github.wsboot.autoconfigure.aot;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.util.ClassUtils;

import io.github.wsboot.websocket.ServletUpgradeHandler;
import io.github.wsboot.websocket.transport.TomcatUpgradeHandler;

/**
 * What ws-core and the starter reach by reflection, for native images:
 * <ul>
 * <li>the servlet upgrade handlers, which the container instantiates from their class
 *     ({@code HttpServletRequest.upgrade(Class)});</li>
 * <li>the Tomcat and Jetty classes whose presence {@code TomcatUpgrade} and {@code JettyUpgrade} test with
 *     {@code Class.forName}, and Jetty's servlet request classes, whose {@code getRequest()} ws-core looks up
 *     to reach the core request;</li>
 * <li>{@code Thread.ofVirtual()} and {@code Thread.Builder.factory()}, which ws-core looks up with method
 *     handles to run connections on virtual threads on Java 21 and later.</li>
 * </ul>
 * Container classes are registered only when they are on the class path at build time.
 *
 * @author ws contributors
 * @since 0.1.0
 */
final class WebSocketRuntimeHints implements RuntimeHintsRegistrar {

    /** Probed with {@code Class.forName} by {@code TomcatUpgrade} and {@code JettyUpgrade}. */
    static final List<String> PROBED_CONTAINER_CLASSES = List.of(
            "org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler",
            "org.apache.tomcat.util.net.SocketWrapperBase",
            "org.eclipse.jetty.server.HttpStream",
            "org.eclipse.jetty.io.AbstractConnection");

    /** Jetty's servlet requests (EE10, EE11), whose {@code getRequest()} {@code JettyEndPointTakeover} looks up. */
    static final List<String> JETTY_SERVLET_REQUESTS = List.of(
            "org.eclipse.jetty.ee10.servlet.ServletApiRequest",
            "org.eclipse.jetty.ee11.servlet.ServletApiRequest");

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        hints.reflection().registerType(ServletUpgradeHandler.class, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
        if (ClassUtils.isPresent(PROBED_CONTAINER_CLASSES.get(0), classLoader)) {
            hints.reflection().registerType(TomcatUpgradeHandler.class, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
        }
        for (String name : PROBED_CONTAINER_CLASSES) {
            if (ClassUtils.isPresent(name, classLoader)) {
                hints.reflection().registerType(TypeReference.of(name));
            }
        }
        for (String name : JETTY_SERVLET_REQUESTS) {
            if (ClassUtils.isPresent(name, classLoader)) {
                hints.reflection().registerType(TypeReference.of(name),
                        type -> type.withMethod("getRequest", List.of(), ExecutableMode.INVOKE));
            }
        }
        hints.reflection().registerType(Thread.class,
                type -> type.withMethod("ofVirtual", List.of(), ExecutableMode.INVOKE));
        hints.reflection().registerType(TypeReference.of("java.lang.Thread$Builder$OfVirtual"));
        hints.reflection().registerType(TypeReference.of("java.lang.Thread$Builder"),
                type -> type.withMethod("factory", List.of(), ExecutableMode.INVOKE));
    }
}
