package io.github.wsboot.benchmarks.hub;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.util.function.Consumer;

import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.LifecycleException;

/** Tomcat on a random loopback port, room for a few thousand connections; the caller adds servlets. */
final class EmbeddedTomcat implements AutoCloseable {

    private final Tomcat tomcat;
    private final int port;

    EmbeddedTomcat(Consumer<Context> setup) throws Exception {
        tomcat = new Tomcat();
        File base = Files.createTempDirectory("tomcat-bench").toFile();
        tomcat.setBaseDir(base.getAbsolutePath());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxConnections", "10000");
        connector.setProperty("acceptCount", "2000");
        tomcat.setConnector(connector);
        Context ctx = tomcat.addContext("", base.getAbsolutePath());
        setup.accept(ctx);
        tomcat.start();
        port = connector.getLocalPort();
    }

    URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }
}
