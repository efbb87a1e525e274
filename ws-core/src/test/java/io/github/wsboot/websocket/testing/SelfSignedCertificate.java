package io.github.wsboot.websocket.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A self-signed server certificate made by the JDK's {@code keytool} in a temporary PKCS12 key store, with
 * the subject alternative names a test asks for.
 */
public final class SelfSignedCertificate {

    private static final String PASSWORD = "changeit";
    private static final String ALIAS = "server";

    private final KeyStore keyStore;
    private final Path file;

    private SelfSignedCertificate(KeyStore keyStore, Path file) {
        this.keyStore = keyStore;
        this.file = file;
    }

    /** The subject alternative names of a certificate for the loopback server: 127.0.0.1 and localhost. */
    public static final String LOOPBACK = "ip:127.0.0.1,dns:localhost";

    /** {@link #generate(Path, String)} into a new directory {@code name} under {@code parent}. */
    public static SelfSignedCertificate generate(Path parent, String name, String san) throws Exception {
        return generate(Files.createDirectories(parent.resolve(name)), san);
    }

    /** @param san the keytool SAN extension value, for example {@value #LOOPBACK} */
    public static SelfSignedCertificate generate(Path dir, String san) throws Exception {
        Path file = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(List.of(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        ALIAS,
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-validity",
                        "2",
                        "-dname",
                        "CN=ws-test",
                        "-ext",
                        "SAN=" + san,
                        "-keystore",
                        file.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        PASSWORD,
                        "-keypass",
                        PASSWORD))
                .redirectErrorStream(true)
                .start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + new String(output, StandardCharsets.UTF_8));
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return new SelfSignedCertificate(ks, file);
    }

    /** The PKCS12 key store file, for servers configured by path (Tomcat's connector). */
    public Path keyStoreFile() {
        return file;
    }

    /** The key store's and the key's password. */
    public static String password() {
        return PASSWORD;
    }

    /** One context for both ends of a connection: it presents this certificate and trusts only it. */
    public SSLContext serverAndClientContext() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, PASSWORD.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), trustManagers(), null);
        return ctx;
    }

    /** Jetty's server-side TLS configuration presenting this certificate. */
    public SslContextFactory.Server serverTls() {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(keyStore);
        tls.setKeyStorePassword(PASSWORD);
        tls.setKeyManagerPassword(PASSWORD);
        return tls;
    }

    /** A server context presenting this certificate, for a plain {@code SSLServerSocket}. */
    public SSLContext serverContext() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, PASSWORD.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** The certificate itself, for a trust store of several. */
    public Certificate certificate() throws Exception {
        return keyStore.getCertificate(ALIAS);
    }

    /** A client context that trusts this certificate and nothing else. */
    public SSLContext trustingContext() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, trustManagers(), null);
        return ctx;
    }

    private TrustManager[] trustManagers() throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("ws-test", keyStore.getCertificate(ALIAS));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf.getTrustManagers();
    }
}
