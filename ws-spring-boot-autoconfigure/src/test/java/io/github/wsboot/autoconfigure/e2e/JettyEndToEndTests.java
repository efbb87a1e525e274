package io.github.wsboot.autoconfigure.e2e;

import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The end-to-end suite on embedded Jetty 12.1: a factory bean makes Boot back off from Tomcat. */
@SpringBootTest(
        classes = {EndToEndApplication.class, JettyEndToEndTests.Jetty.class},
        webEnvironment = WebEnvironment.RANDOM_PORT)
class JettyEndToEndTests extends EndToEndTests {

    @Override
    String expectedServer() {
        return "JettyServletWebServer";
    }

    @Configuration(proxyBeanMethods = false)
    static class Jetty {

        @Bean
        JettyServletWebServerFactory jettyServletWebServerFactory() {
            return new JettyServletWebServerFactory();
        }
    }
}
