package io.github.wsboot.websocket.conformance;

import java.util.List;
import java.util.Map;

/**
 * A client's permessage-deflate offer as Autobahn models it ({@code PerMessageDeflateOffer}).
 *
 * @param acceptNoContextTakeover  the client lets the server ask for {@code client_no_context_takeover}
 * @param acceptMaxWindowBits      the client lets the server limit its window ({@code client_max_window_bits})
 * @param requestNoContextTakeover the client asks for {@code server_no_context_takeover}
 * @param requestMaxWindowBits     the client asks for {@code server_max_window_bits=N}; 0 for no request
 */
record DeflateOffer(
        boolean acceptNoContextTakeover,
        boolean acceptMaxWindowBits,
        boolean requestNoContextTakeover,
        int requestMaxWindowBits) {

    static final String NAME = "permessage-deflate";

    /** Autobahn's default offer: the client accepts both limits and requests nothing. */
    static DeflateOffer defaults() {
        return new DeflateOffer(true, true, false, 0);
    }

    /** Autobahn's {@code PerMessageDeflateOffer(requestNoContextTakeover, requestMaxWindowBits)}. */
    static DeflateOffer requesting(boolean noContextTakeover, int maxWindowBits) {
        return new DeflateOffer(true, true, noContextTakeover, maxWindowBits);
    }

    /** Autobahn's {@code get_extension_string}, parameters in its order. */
    String header() {
        StringBuilder sb = new StringBuilder(NAME);
        if (acceptNoContextTakeover) {
            sb.append("; client_no_context_takeover");
        }
        if (acceptMaxWindowBits) {
            sb.append("; client_max_window_bits");
        }
        if (requestNoContextTakeover) {
            sb.append("; server_no_context_takeover");
        }
        if (requestMaxWindowBits != 0) {
            sb.append("; server_max_window_bits=").append(requestMaxWindowBits);
        }
        return sb.toString();
    }

    /** Several offers in one header value, in order of preference. */
    static String header(List<DeflateOffer> offers) {
        return String.join(", ", offers.stream().map(DeflateOffer::header).toList());
    }

    /** Autobahn's description of an offer list: [(requestNoContextTakeover, requestMaxWindowBits), ...]. */
    static String describe(List<DeflateOffer> offers) {
        return "["
                + String.join(
                        ", ",
                        offers.stream()
                                .map(o -> "(" + (o.requestNoContextTakeover ? "True" : "False") + ", "
                                        + o.requestMaxWindowBits + ")")
                                .toList())
                + "]";
    }

    /**
     * Autobahn's {@code PerMessageDeflateOffer.parse}: as Autobahn, {@code client_no_context_takeover} is taken
     * as accepted even when absent, {@code client_max_window_bits} only when present.
     *
     * @throws IllegalArgumentException with Autobahn's reason, for an offer Autobahn refuses (its server then
     *                                  fails the opening handshake)
     */
    static DeflateOffer parse(Map<String, List<String>> params) {
        boolean acceptMaxWindowBits = false;
        boolean requestNoContextTakeover = false;
        int requestMaxWindowBits = 0;
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            String p = e.getKey();
            if (e.getValue().size() > 1) {
                throw new IllegalArgumentException("multiple occurrence of extension parameter '" + p + "'");
            }
            String val = e.getValue().get(0);
            switch (p) {
                case "client_max_window_bits" -> {
                    if (val != null) {
                        windowBits(p, val);
                    }
                    acceptMaxWindowBits = true;
                }
                case "client_no_context_takeover" -> noValue(p, val);
                case "server_max_window_bits" -> requestMaxWindowBits = windowBits(p, val);
                case "server_no_context_takeover" -> {
                    noValue(p, val);
                    requestNoContextTakeover = true;
                }
                default -> throw new IllegalArgumentException("illegal extension parameter '" + p + "'");
            }
        }
        return new DeflateOffer(true, acceptMaxWindowBits, requestNoContextTakeover, requestMaxWindowBits);
    }

    /** Autobahn's permissible window sizes, 9 to 15 (zlib cannot do 8 for raw deflate). */
    static int windowBits(String param, String val) {
        int bits;
        try {
            bits = Integer.parseInt(val == null ? "" : val);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "illegal extension parameter value '" + val + "' for parameter '" + param + "'");
        }
        if (bits < 9 || bits > 15) {
            throw new IllegalArgumentException(
                    "illegal extension parameter value '" + val + "' for parameter '" + param + "'");
        }
        return bits;
    }

    static void noValue(String param, String val) {
        if (val != null) {
            throw new IllegalArgumentException(
                    "illegal extension parameter value '" + val + "' for parameter '" + param + "'");
        }
    }
}
