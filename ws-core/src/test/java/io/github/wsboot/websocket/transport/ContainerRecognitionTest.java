package io.github.wsboot.websocket.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Which container a request is recognized as, with and without the containers' classes on the class path; the
 * hand-overs themselves are covered by the interop and fallback tests against embedded Tomcat and Jetty.
 */
@Timeout(10)
class ContainerRecognitionTest {

    @Test
    void worksWithoutJettyOrTomcatOnTheClassPath() throws Exception {
        URL wsCore = JettyHandOver.class.getProtectionDomain().getCodeSource().getLocation();
        URL servletApi =
                HttpServletRequest.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader bare =
                new URLClassLoader(new URL[] {wsCore, servletApi}, ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> bare.loadClass("org.eclipse.jetty.server.HttpStream"))
                    .isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> bare.loadClass("org.apache.tomcat.util.net.SocketWrapperBase"))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> requestType = bare.loadClass(HttpServletRequest.class.getName());
            Object request = Proxy.newProxyInstance(bare, new Class<?>[] {requestType}, (proxy, method, args) -> {
                throw new AssertionError("the request need not be consulted: " + method);
            });
            for (Class<?> type : new Class<?>[] {JettyHandOver.class, TomcatHandOver.class}) {
                Class<?> handOver = bare.loadClass(type.getName());
                Constructor<?> create = handOver.getDeclaredConstructor();
                create.setAccessible(true);
                Method recognizes = handOver.getMethod("recognizes", requestType);
                recognizes.setAccessible(true);
                assertThat(recognizes.invoke(create.newInstance(), request))
                        .as(type.getSimpleName())
                        .isEqualTo(false);
            }
        }
    }

    @Test
    void otherContainersRequestsAreNotJettysOrTomcats() {
        HttpServletRequest foreign = (HttpServletRequest) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    throw new AssertionError("not expected: " + method);
                });

        for (ContainerHandOver h : new ContainerHandOver[] {new JettyHandOver(), new TomcatHandOver()}) {
            assertThat(h.recognizes(foreign)).as(h.name()).isFalse();
            assertThat(h.recognizes(new HttpServletRequestWrapper(foreign)))
                    .as(h.name())
                    .isFalse();
        }
        assertThat(ContainerClasses.unwrap(new HttpServletRequestWrapper(new HttpServletRequestWrapper(foreign))))
                .isSameAs(foreign);
    }
}
