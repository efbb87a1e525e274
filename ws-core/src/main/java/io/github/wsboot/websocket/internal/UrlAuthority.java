package io.github.wsboot.websocket.internal;

import java.net.IDN;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * The authority of a dial URL or a proxy URL, split and checked the same way for both: user information
 * (raw, still percent-encoded), host (percent-decoded, an internationalized name in its ASCII form, an IPv6
 * literal without brackets) and port. Messages never repeat the user information.
 *
 * @param userInfo the raw user information, or null when there is none
 * @param host     the host: a name, or an IP literal without brackets
 * @param ipv6     whether the host was given in brackets
 * @param port     the port, or -1 when the URL has none
 */
record UrlAuthority(@Nullable String userInfo, String host, boolean ipv6, int port) {

    /**
     * Splits the authority of {@code url}.
     *
     * @param what how messages name the URL, as in "malformed {@code what} URL"
     * @throws MalformedURLException for a missing host, an invalid port, bad percent-encoding or a bad name
     */
    static UrlAuthority parse(URI url, String what) throws MalformedURLException {
        String authority = url.getRawAuthority();
        if (url.isOpaque() || authority == null || authority.isEmpty()) {
            throw malformed(url, what, "no host");
        }
        String userInfo = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
        }
        String host;
        String portPart = "";
        boolean ipv6 = authority.startsWith("[");
        if (ipv6) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw malformed(url, what, "unterminated IPv6 address");
            }
            host = decode(url, what, authority.substring(1, close));
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (after.charAt(0) != ':') {
                    throw malformed(url, what, "unexpected characters after the IPv6 address");
                }
                portPart = after.substring(1);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = asciiHost(url, what, decode(url, what, colon >= 0 ? authority.substring(0, colon) : authority));
            portPart = colon >= 0 ? authority.substring(colon + 1) : "";
        }
        if (host.isEmpty()) {
            throw malformed(url, what, "no host");
        }
        return new UrlAuthority(userInfo, host, ipv6, portPart.isEmpty() ? -1 : parsePort(url, what, portPart));
    }

    /** The user name of the user information, percent-decoded; null without user information. */
    @Nullable
    String user(URI url, String what) throws MalformedURLException {
        if (userInfo == null) {
            return null;
        }
        int colon = userInfo.indexOf(':');
        return decode(url, what, colon >= 0 ? userInfo.substring(0, colon) : userInfo);
    }

    /** The password of the user information, percent-decoded; empty without one (as Go's net/http sends it). */
    String password(URI url, String what) throws MalformedURLException {
        String info = userInfo;
        int colon = info == null ? -1 : info.indexOf(':');
        return info != null && colon >= 0 ? decode(url, what, info.substring(colon + 1)) : "";
    }

    /** The host as it goes in a Host header: an IPv6 literal in brackets, its zone's '%' encoded again. */
    String hostForHeader() {
        return ipv6 ? "[" + host.replace("%", "%25") + "]" : host;
    }

    static String decode(URI url, String what, String s) throws MalformedURLException {
        if (s.indexOf('%') < 0) {
            return s;
        }
        try {
            // URLDecoder turns '+' into a space, which is form encoding, not URI encoding.
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformed(url, what, "invalid percent-encoding");
        }
    }

    private static String asciiHost(URI url, String what, String host) throws MalformedURLException {
        if (host.chars().allMatch(c -> c < 0x80)) {
            return host;
        }
        try {
            return IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            throw malformed(url, what, "invalid internationalized host name");
        }
    }

    private static int parsePort(URI url, String what, String port) throws MalformedURLException {
        if (port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw malformed(url, what, "invalid port \"" + port + "\"");
        }
        int p = Integer.parseInt(port);
        if (p < 1 || p > 65535) {
            throw malformed(url, what, "invalid port \"" + port + "\": port out of range");
        }
        return p;
    }

    static MalformedURLException malformed(URI url, String what, String why) {
        return new MalformedURLException(
                "websocket: malformed " + what + " URL (" + why + "): " + withoutUserInfo(url));
    }

    /** {@code url} as text with any user information replaced by "***". */
    static String withoutUserInfo(URI url) {
        String shown = url.toString();
        String authority = url.getRawAuthority();
        int at = authority == null ? -1 : authority.lastIndexOf('@');
        if (at >= 0) {
            shown = shown.replace(authority, "***" + authority.substring(at));
        }
        return shown;
    }
}
