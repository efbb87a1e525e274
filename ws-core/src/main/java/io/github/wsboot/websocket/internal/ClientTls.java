package io.github.wsboot.websocket.internal;

import java.io.IOException;
import java.net.Socket;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;

/**
 * Layers a client TLS session over a connected socket (gorilla's {@code tls.Client} plus
 * {@code HandshakeContext} and {@code VerifyHostname}): server name indication for host names, hostname
 * verification ({@code "HTTPS"} endpoint identification) unless the caller's parameters say otherwise, and a
 * handshake bounded by the guard's deadline.
 */
public final class ClientTls {

    private ClientTls() {}

    /**
     * Performs the TLS handshake over {@code plain}. Closing the returned socket closes {@code plain}; on
     * failure the caller closes {@code plain}.
     *
     * @param context    null means {@link SSLContext#getDefault()}
     * @param parameters applied over the defaults, may be null. Fields left null keep the default: a null
     *                   endpoint identification algorithm means {@code "HTTPS"} (set {@code ""} to turn
     *                   hostname verification off), null server names mean the target's host name
     * @throws javax.net.ssl.SSLHandshakeException when the server's certificate is not trusted or does not
     *                                             match the host
     */
    public static SSLSocket handshake(
            Socket plain,
            DialTarget target,
            @Nullable SSLContext context,
            @Nullable SSLParameters parameters,
            HandshakeGuard guard)
            throws IOException {
        return handshake(plain, target.host(), target.port(), context, parameters, guard);
    }

    /**
     * Same as {@link #handshake(Socket, DialTarget, SSLContext, SSLParameters, HandshakeGuard)} for a host that
     * is not a WebSocket URL's, such as an HTTPS proxy's; {@code plain} may itself be a TLS socket (TLS to a
     * server through a TLS connection to a proxy).
     *
     * @param host a host name or an IP literal without brackets: what the certificate must name
     */
    public static SSLSocket handshake(
            Socket plain,
            String host,
            int port,
            @Nullable SSLContext context,
            @Nullable SSLParameters parameters,
            HandshakeGuard guard)
            throws IOException {
        SSLContext ctx = context != null ? context : defaultContext();
        // The host given here is what endpoint identification checks the certificate against.
        SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, port, true);
        if (parameters != null) {
            tls.setSSLParameters(parameters);
        }
        SSLParameters merged = tls.getSSLParameters();
        if (parameters == null || parameters.getEndpointIdentificationAlgorithm() == null) {
            merged.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (parameters == null || parameters.getServerNames() == null) {
            merged.setServerNames(serverNames(host));
        }
        tls.setSSLParameters(merged);
        tls.setSoTimeout(guard.soTimeoutMillis());
        tls.startHandshake();
        return tls;
    }

    /** SNI for a host name; none for an IP literal (RFC 6066 section 3) or a name SNI cannot carry. */
    private static List<SNIServerName> serverNames(String host) {
        if (DialTarget.isIpLiteral(host)) {
            return List.of();
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        try {
            return List.of(new SNIHostName(name));
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    private static SSLContext defaultContext() throws SSLException {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new SSLException("websocket: no default SSLContext is available", e);
        }
    }
}
