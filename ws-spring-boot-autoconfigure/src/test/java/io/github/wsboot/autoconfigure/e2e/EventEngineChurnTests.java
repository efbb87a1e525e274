package io.github.wsboot.autoconfigure.e2e;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * {@link ChurnTests} on embedded Tomcat with the event engine: thousands of connections through the engine
 * leave no thread, descriptor, meter, tracked connection or pooled buffer behind.
 */
@SpringBootTest(
        classes = {SmallApplication.class, TomcatEndToEndTests.Tomcat.class, ChurnTests.CountingPool.class},
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {ChurnTests.PROPERTIES, "ws.server.engine=event"})
class EventEngineChurnTests extends ChurnTests {}
