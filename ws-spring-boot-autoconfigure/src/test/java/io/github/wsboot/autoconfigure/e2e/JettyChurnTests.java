package io.github.wsboot.autoconfigure.e2e;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** {@link ChurnTests} on embedded Jetty. */
@SpringBootTest(
        classes = {SmallApplication.class, JettyEndToEndTests.Jetty.class, ChurnTests.CountingPool.class},
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = ChurnTests.PROPERTIES)
class JettyChurnTests extends ChurnTests {}
