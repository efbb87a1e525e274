package io.github.wsboot.websocket.conformance;

import java.util.List;

/**
 * How the endpoint under test is configured for a case. Sections 1–10 run against the plain endpoint; the
 * permessage-deflate sections run with compression enabled, with or without context takeover.
 */
enum EndpointSetup {

    /** No compression (sections 1–10). */
    PLAIN(""),
    /** {@code enableCompression(true)} alone: no context takeover, pooled (de)compressors (section 12). */
    DEFLATE("/deflate"),
    /** {@code enableCompression(true)} and {@code compressionContextTakeover(true)} (section 13). */
    DEFLATE_TAKEOVER("/deflate-takeover");

    private final String path;

    EndpointSetup(String path) {
        this.path = path;
    }

    /** The path prefix that selects this setup on the server under test. */
    String path() {
        return path;
    }

    /** The setup a request path selects. */
    static EndpointSetup ofPath(String requestPath) {
        for (EndpointSetup s : List.of(DEFLATE_TAKEOVER, DEFLATE)) {
            if (requestPath.startsWith(s.path + "/")) {
                return s;
            }
        }
        return PLAIN;
    }

    /**
     * permessage-deflate for one case: the endpoint's setup, what the fuzzing client offers (server role) and
     * how the fuzzing server answers the endpoint's offer (client role), both as in Autobahn's case.
     */
    record Deflate(
            EndpointSetup endpoint, List<DeflateOffer> clientOffers, DeflateAgreement.ServerAccept serverAccept) {}
}
