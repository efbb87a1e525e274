package io.github.wsboot.websocket.conformance;

import java.util.List;
import java.util.Map;

/**
 * The permessage-deflate parameters both peers agreed (RFC 7692 section 7.1), as Autobahn derives them from
 * the offer and the answer; window sizes are 9–15 (a parameter that was not given means 15).
 */
record DeflateAgreement(
        boolean serverNoContextTakeover,
        boolean clientNoContextTakeover,
        int serverMaxWindowBits,
        int clientMaxWindowBits) {

    /** Whether the compressor of the given side must start every message afresh. */
    boolean noContextTakeover(boolean ofServer) {
        return ofServer ? serverNoContextTakeover : clientNoContextTakeover;
    }

    /** The largest LZ77 window the compressor of the given side may use, in bits. */
    int maxWindowBits(boolean ofServer) {
        return ofServer ? serverMaxWindowBits : clientMaxWindowBits;
    }

    @Override
    public String toString() {
        return "server " + (serverNoContextTakeover ? "no context takeover" : "context takeover") + ", "
                + serverMaxWindowBits + "-bit window; client "
                + (clientNoContextTakeover ? "no context takeover" : "context takeover") + ", " + clientMaxWindowBits
                + "-bit window";
    }

    /**
     * The fuzzing client's reading of the server's answer: Autobahn's {@code PerMessageDeflateResponse.parse}
     * and its client-side checks, plus RFC 7692's rules on answering an offer (section 7.1), which Autobahn
     * leaves to its decompressor: the answer must fit one of the offers.
     *
     * @param header the server's {@code Sec-WebSocket-Extensions}, or "" for none
     * @return the agreement, or null when the server declined compression
     * @throws IllegalArgumentException when the client must fail the opening handshake
     */
    static DeflateAgreement fromResponse(String header, List<DeflateOffer> offers) {
        List<ExtensionParams.Extension> extensions = ExtensionParams.parse(header);
        if (extensions.isEmpty()) {
            return null;
        }
        if (extensions.size() > 1) {
            throw new IllegalArgumentException("server answered with more than one extension: " + header);
        }
        ExtensionParams.Extension ext = extensions.get(0);
        if (!ext.name().equals(DeflateOffer.NAME) || offers.isEmpty()) {
            throw new IllegalArgumentException("server wants to use extension we did not offer: " + header);
        }
        boolean serverNoCt = false;
        boolean clientNoCt = false;
        int serverBits = 0;
        int clientBits = 0;
        for (Map.Entry<String, List<String>> e : ext.params().entrySet()) {
            String p = e.getKey();
            if (e.getValue().size() > 1) {
                throw new IllegalArgumentException("multiple occurrence of extension parameter '" + p + "'");
            }
            String val = e.getValue().get(0);
            switch (p) {
                case "client_max_window_bits" -> clientBits = DeflateOffer.windowBits(p, val);
                case "client_no_context_takeover" -> {
                    DeflateOffer.noValue(p, val);
                    clientNoCt = true;
                }
                case "server_max_window_bits" -> serverBits = DeflateOffer.windowBits(p, val);
                case "server_no_context_takeover" -> {
                    DeflateOffer.noValue(p, val);
                    serverNoCt = true;
                }
                default -> throw new IllegalArgumentException("illegal extension parameter '" + p + "'");
            }
        }
        if (!fitsAnOffer(offers, serverNoCt, clientNoCt, serverBits, clientBits)) {
            throw new IllegalArgumentException(
                    "the answer " + header + " fits none of the offers " + DeflateOffer.header(offers)
                            + " (RFC 7692 section 7.1: a requested server_no_context_takeover or server_max_window_bits must be "
                            + "answered, client parameters only where the client accepts them)");
        }
        return new DeflateAgreement(
                serverNoCt, clientNoCt, serverBits == 0 ? 15 : serverBits, clientBits == 0 ? 15 : clientBits);
    }

    private static boolean fitsAnOffer(
            List<DeflateOffer> offers, boolean serverNoCt, boolean clientNoCt, int serverBits, int clientBits) {
        for (DeflateOffer o : offers) {
            boolean server = (!o.requestNoContextTakeover() || serverNoCt)
                    && (o.requestMaxWindowBits() == 0 || (serverBits != 0 && serverBits <= o.requestMaxWindowBits()));
            boolean client =
                    (!clientNoCt || o.acceptNoContextTakeover()) && (clientBits == 0 || o.acceptMaxWindowBits());
            if (server && client) {
                return true;
            }
        }
        return false;
    }

    /** What Autobahn's fuzzing server does with the client's offers: one of its {@code acceptN} functions. */
    @FunctionalInterface
    interface ServerAccept {
        /** The accepted offer and the client parameters to request, or null to decline compression. */
        Accepted accept(List<DeflateOffer> offers);
    }

    /**
     * Autobahn's {@code PerMessageDeflateOfferAccept}: an offer accepted, with the client-side limits the server
     * requests on top.
     */
    record Accepted(DeflateOffer offer, boolean requestNoContextTakeover, int requestMaxWindowBits) {

        /** Autobahn's {@code get_extension_string} for the answer. */
        String header() {
            StringBuilder sb = new StringBuilder(DeflateOffer.NAME);
            if (offer.requestNoContextTakeover()) {
                sb.append("; server_no_context_takeover");
            }
            if (offer.requestMaxWindowBits() != 0) {
                sb.append("; server_max_window_bits=").append(offer.requestMaxWindowBits());
            }
            if (requestNoContextTakeover) {
                sb.append("; client_no_context_takeover");
            }
            if (requestMaxWindowBits != 0) {
                sb.append("; client_max_window_bits=").append(requestMaxWindowBits);
            }
            return sb.toString();
        }

        /** Autobahn's {@code create_from_offer_accept}. */
        DeflateAgreement agreement() {
            return new DeflateAgreement(
                    offer.requestNoContextTakeover(),
                    requestNoContextTakeover,
                    offer.requestMaxWindowBits() == 0 ? 15 : offer.requestMaxWindowBits(),
                    requestMaxWindowBits == 0 ? 15 : requestMaxWindowBits);
        }
    }

    /**
     * Autobahn's {@code accept1}..{@code accept6} of case12_x_x.py: accept the first offer that supports what
     * the server wants to request of the client; {@code maxWindowBits} 0 requests no limit.
     */
    static ServerAccept accepting(boolean noContextTakeover, int maxWindowBits) {
        return offers -> {
            for (DeflateOffer o : offers) {
                if ((!noContextTakeover || o.acceptNoContextTakeover())
                        && (maxWindowBits == 0 || o.acceptMaxWindowBits())) {
                    return new Accepted(o, noContextTakeover, maxWindowBits);
                }
            }
            return null;
        };
    }

    /** Autobahn's {@code accept7}: (True, 9), else (True, 0), else (False, 0). */
    static ServerAccept firstOf(ServerAccept... choices) {
        return offers -> {
            for (ServerAccept c : choices) {
                Accepted a = c.accept(offers);
                if (a != null) {
                    return a;
                }
            }
            return null;
        };
    }
}
