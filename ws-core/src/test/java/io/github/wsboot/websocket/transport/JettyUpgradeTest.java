package io.github.wsboot.websocket.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Jetty detection; the Jetty upgrade itself is covered by the interop tests against embedded Jetty. */
@Timeout(10)
class JettyUpgradeTest {

    @Test
    void worksWithoutJettyOnTheClassPath() throws Exception {
        URL wsCore = JettyUpgrade.class.getProtectionDomain().getCodeSource().getLocation();
        URL servletApi = HttpServletRequest.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader noJetty = new URLClassLoader(new URL[] {wsCore, servletApi}, ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> noJetty.loadClass("org.eclipse.jetty.server.HttpStream"))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> upgrade = noJetty.loadClass(JettyUpgrade.class.getName());
            Class<?> requestType = noJetty.loadClass(HttpServletRequest.class.getName());
            Object request = Proxy.newProxyInstance(noJetty, new Class<?>[] {requestType}, (proxy, method, args) -> {
                throw new AssertionError("the request need not be consulted: " + method);
            });

            assertThat(upgrade.getMethod("isJetty", requestType).invoke(null, request)).isEqualTo(false);
        }
    }

    @Test
    void otherContainersRequestsAreNotJettys() {
        HttpServletRequest foreign = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    throw new AssertionError("not expected: " + method);
                });

        assertThat(JettyUpgrade.isJetty(foreign)).isFalse();
        assertThat(JettyUpgrade.isJetty(new HttpServletRequestWrapper(foreign))).isFalse();
        assertThat(JettyUpgrade.unwrap(new HttpServletRequestWrapper(new HttpServletRequestWrapper(foreign))))
                .isSameAs(foreign);
    }
}
