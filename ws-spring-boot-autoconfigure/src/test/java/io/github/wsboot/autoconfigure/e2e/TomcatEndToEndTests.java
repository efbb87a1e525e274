package io.github.wsboot.autoconfigure.e2e;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The end-to-end suite on embedded Tomcat 11. Jetty is on the test class path too, so a factory bean picks
 * the container explicitly.
 */
@SpringBootTest(classes = {EndToEndApplication.class, TomcatEndToEndTests.Tomcat.class},
        webEnvironment = WebEnvironment.RANDOM_PORT)
class TomcatEndToEndTests extends EndToEndTests {

    @Override
    String expectedServer() {
        return "TomcatWebServer";
    }

    @Configuration(proxyBeanMethods = false)
    static class Tomcat {

        @Bean
        TomcatServletWebServerFactory tomcatServletWebServerFactory() {
            return new TomcatServletWebServerFactory();
        }
    }
}
