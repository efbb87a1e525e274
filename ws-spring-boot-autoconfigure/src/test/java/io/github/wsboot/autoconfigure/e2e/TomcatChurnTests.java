package io.github.wsboot.autoconfigure.e2e;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** {@link ChurnTests} on embedded Tomcat. */
@SpringBootTest(
        classes = {SmallApplication.class, TomcatEndToEndTests.Tomcat.class, ChurnTests.CountingPool.class},
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = ChurnTests.PROPERTIES)
class TomcatChurnTests extends ChurnTests {}
