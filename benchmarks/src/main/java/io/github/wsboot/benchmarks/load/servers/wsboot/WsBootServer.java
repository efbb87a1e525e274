package io.github.wsboot.benchmarks.load.servers.wsboot;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Our server for the load benchmark: a Boot application with the ws starter, like sample-app, on Tomcat
 * (default) or Jetty. {@code /echo} is the sample app's echo handler; {@code /broadcast} fans out with
 * {@link io.github.wsboot.websocket.PreparedMessage}. Usage: {@code WsBootServer tomcat|jetty [--boot.args]}.
 */
@SpringBootApplication(
        excludeName = "org.springframework.boot.websocket.autoconfigure.servlet.WebSocketMessagingAutoConfiguration")
public class WsBootServer {

    private static final String TOMCAT =
            "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration";
    private static final String JETTY =
            "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration";

    public static void main(String[] args) {
        if (args.length == 0 || !(args[0].equals("tomcat") || args[0].equals("jetty"))) {
            throw new IllegalArgumentException("usage: WsBootServer tomcat|jetty [--property=value ...]");
        }
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        rest.add("--spring.autoconfigure.exclude=" + (args[0].equals("tomcat") ? JETTY : TOMCAT));
        SpringApplication.run(WsBootServer.class, rest.toArray(String[]::new));
    }
}
