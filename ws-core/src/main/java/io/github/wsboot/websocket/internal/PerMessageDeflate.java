package io.github.wsboot.websocket.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * permessage-deflate negotiation (RFC 7692 section 7): the server picks the first acceptable offer and declines
 * the rest (a malformed or unsupported offer is skipped, never a failed handshake); the client checks that the
 * server's answer only contains what it may.
 *
 * <p>The JDK's {@code Deflater} always uses a 32 KiB (15-bit) window. When the peer limits our compressor's
 * window below 15 bits, we still accept and compress Huffman-only: that output has no back-references, so it
 * is valid for every window size (see {@link Agreement#compressorWindowLimited(boolean)}). Our inflater's
 * 15-bit window decodes anything a peer may send.
 */
public final class PerMessageDeflate {

    /** The extension token. */
    public static final String NAME = "permessage-deflate";

    static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";

    private PerMessageDeflate() {}

    /**
     * What both sides agreed.
     *
     * @param serverNoContextTakeover the server resets its compressor after each message
     * @param clientNoContextTakeover the client resets its compressor after each message
     * @param serverMaxWindowBits largest LZ77 window of the server's compressor (8–15)
     * @param clientMaxWindowBits largest LZ77 window of the client's compressor (8–15)
     */
    public record Agreement(
            boolean serverNoContextTakeover,
            boolean clientNoContextTakeover,
            int serverMaxWindowBits,
            int clientMaxWindowBits) {

        /** Whether the compressor of the given side must forget its window after each message. */
        public boolean compressorNoContextTakeover(boolean server) {
            return server ? serverNoContextTakeover : clientNoContextTakeover;
        }

        /** Whether the peer's compressor starts each message afresh, so our inflater may be reset or pooled. */
        public boolean decompressorNoContextTakeover(boolean server) {
            return server ? clientNoContextTakeover : serverNoContextTakeover;
        }

        /** Whether our compressor must stay under a window smaller than the JDK's 15 bits (so Huffman-only). */
        public boolean compressorWindowLimited(boolean server) {
            return (server ? serverMaxWindowBits : clientMaxWindowBits) < 15;
        }
    }

    /**
     * Server side: the first acceptable offer among the client's {@code Sec-WebSocket-Extensions} values.
     *
     * @param contextTakeover whether this server allows context takeover; when false, it answers with both
     *                        no-context-takeover parameters (RFC 7692 allows the server to add them)
     * @return the agreement and the response header value, or empty to decline compression
     */
    public static Optional<Negotiated> negotiateServer(List<String> offers, boolean contextTakeover) {
        for (ExtensionHeader.Extension offer : ExtensionHeader.parse(offers)) {
            if (!AsciiCase.equalsIgnoreCase(offer.name(), NAME) || offer.malformed()) {
                continue;
            }
            Optional<Negotiated> accepted = accept(offer, contextTakeover);
            if (accepted.isPresent()) {
                return accepted;
            }
        }
        return Optional.empty();
    }

    /** An agreement and the header value that announces it. */
    public record Negotiated(Agreement agreement, String header) {}

    private static Optional<Negotiated> accept(ExtensionHeader.Extension offer, boolean contextTakeover) {
        boolean serverNoCt = false;
        boolean clientNoCt = false;
        int serverBits = 15;
        boolean serverBitsOffered = false;
        Set<String> seen = new HashSet<>();
        for (ExtensionHeader.Param p : offer.params()) {
            String name = AsciiCase.toLowerCase(p.name());
            if (!seen.add(name)) {
                return Optional.empty(); // a parameter twice: decline this offer
            }
            switch (name) {
                case SERVER_NO_CONTEXT_TAKEOVER -> {
                    if (p.value() != null) {
                        return Optional.empty();
                    }
                    serverNoCt = true;
                }
                case CLIENT_NO_CONTEXT_TAKEOVER -> {
                    if (p.value() != null) {
                        return Optional.empty();
                    }
                    clientNoCt = true;
                }
                case SERVER_MAX_WINDOW_BITS -> {
                    int bits = windowBits(p.value());
                    if (bits < 0) {
                        return Optional.empty();
                    }
                    serverBits = bits;
                    serverBitsOffered = true;
                }
                case CLIENT_MAX_WINDOW_BITS -> {
                    // A hint that the client can limit its window; our inflater takes any, so no answer needed.
                    if (p.value() != null && windowBits(p.value()) < 0) {
                        return Optional.empty();
                    }
                }
                default -> {
                    return Optional.empty(); // unknown parameter: decline this offer
                }
            }
        }
        if (!contextTakeover) {
            serverNoCt = true;
            clientNoCt = true;
        }
        StringBuilder header = new StringBuilder(NAME);
        if (serverNoCt) {
            header.append("; ").append(SERVER_NO_CONTEXT_TAKEOVER);
        }
        if (clientNoCt) {
            header.append("; ").append(CLIENT_NO_CONTEXT_TAKEOVER);
        }
        if (serverBitsOffered) {
            header.append("; ").append(SERVER_MAX_WINDOW_BITS).append('=').append(serverBits);
        }
        return Optional.of(new Negotiated(new Agreement(serverNoCt, clientNoCt, serverBits, 15), header.toString()));
    }

    /** Client side: the offer to send. */
    public static String clientOffer(boolean contextTakeover) {
        return contextTakeover
                ? NAME + "; " + CLIENT_MAX_WINDOW_BITS
                : NAME + "; " + SERVER_NO_CONTEXT_TAKEOVER + "; " + CLIENT_NO_CONTEXT_TAKEOVER + "; "
                        + CLIENT_MAX_WINDOW_BITS;
    }

    /**
     * Client side: validates the server's {@code Sec-WebSocket-Extensions} answer to {@link #clientOffer}.
     *
     * @return the agreement, or null when the server declined compression
     * @throws IllegalArgumentException with the reason, when the answer is not one the client may accept
     */
    public static @Nullable Agreement acceptServerResponse(
            List<String> values, boolean offered, boolean contextTakeover) {
        List<ExtensionHeader.Extension> extensions = ExtensionHeader.parse(values);
        if (extensions.isEmpty()) {
            return null;
        }
        if (!offered) {
            throw new IllegalArgumentException("server selected an extension the client did not offer: " + values);
        }
        if (extensions.size() > 1) {
            throw new IllegalArgumentException("server selected more than one extension: " + values);
        }
        ExtensionHeader.Extension ext = extensions.get(0);
        if (!AsciiCase.equalsIgnoreCase(ext.name(), NAME) || ext.malformed()) {
            throw new IllegalArgumentException("server selected an extension the client did not offer: " + values);
        }
        boolean serverNoCt = false;
        boolean clientNoCt = !contextTakeover; // our own choice, announced in the offer
        int serverBits = 15;
        int clientBits = 15;
        Set<String> seen = new HashSet<>();
        for (ExtensionHeader.Param p : ext.params()) {
            String name = AsciiCase.toLowerCase(p.name());
            if (!seen.add(name)) {
                throw new IllegalArgumentException("duplicate extension parameter " + name);
            }
            switch (name) {
                case SERVER_NO_CONTEXT_TAKEOVER, CLIENT_NO_CONTEXT_TAKEOVER -> {
                    if (p.value() != null) {
                        throw new IllegalArgumentException(name + " must not have a value");
                    }
                    if (name.equals(SERVER_NO_CONTEXT_TAKEOVER)) {
                        serverNoCt = true;
                    } else {
                        clientNoCt = true;
                    }
                }
                case SERVER_MAX_WINDOW_BITS -> {
                    serverBits = windowBits(p.value());
                    if (serverBits < 0) {
                        throw new IllegalArgumentException("invalid " + name + ": " + p.value());
                    }
                }
                case CLIENT_MAX_WINDOW_BITS -> {
                    clientBits = windowBits(p.value());
                    if (clientBits < 0) {
                        throw new IllegalArgumentException("invalid " + name + ": " + p.value());
                    }
                }
                default -> throw new IllegalArgumentException("unknown extension parameter " + name);
            }
        }
        if (!contextTakeover && !serverNoCt) {
            // The only offer had server_no_context_takeover: accepting it means echoing it (RFC 7692 7.1.1.1).
            throw new IllegalArgumentException("server accepted the offer without server_no_context_takeover");
        }
        return new Agreement(serverNoCt, clientNoCt, serverBits, clientBits);
    }

    /** 8..15, or -1 when {@code value} is absent or not such a number. */
    private static int windowBits(@Nullable String value) {
        if (value == null || value.isEmpty() || value.length() > 2) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return -1;
            }
        }
        int bits = Integer.parseInt(value);
        return bits >= 8 && bits <= 15 ? bits : -1;
    }
}
