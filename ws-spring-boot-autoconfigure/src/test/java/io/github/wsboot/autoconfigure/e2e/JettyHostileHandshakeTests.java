package io.github.wsboot.autoconfigure.e2e;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** {@link HostileHandshakeTests} on embedded Jetty, with a 2 s connection idle timeout. */
@SpringBootTest(
        classes = {SmallApplication.class, JettyEndToEndTests.Jetty.class},
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {HostileHandshakeTests.PROPERTIES, "server.jetty.connection-idle-timeout=2s"})
class JettyHostileHandshakeTests extends HostileHandshakeTests {}
