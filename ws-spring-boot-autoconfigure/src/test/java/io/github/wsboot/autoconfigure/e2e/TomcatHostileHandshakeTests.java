package io.github.wsboot.autoconfigure.e2e;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** {@link HostileHandshakeTests} on embedded Tomcat, with a 2 s connection timeout. */
@SpringBootTest(
        classes = {SmallApplication.class, TomcatEndToEndTests.Tomcat.class},
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {HostileHandshakeTests.PROPERTIES, "server.tomcat.connection-timeout=2s"})
class TomcatHostileHandshakeTests extends HostileHandshakeTests {}
