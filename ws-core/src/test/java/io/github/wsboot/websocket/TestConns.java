package io.github.wsboot.websocket;

import io.github.wsboot.websocket.internal.PerMessageDeflate;

/**
 * Builds a {@link Conn} over any {@link Transport} without a handshake, for tests outside this package (fuzz
 * targets, reliability tests). The constructor it calls is package-private, so this fixture lives here.
 */
public final class TestConns {

    private TestConns() {
    }

    /**
     * A connection over {@code transport}.
     *
     * @param server whether it plays the server role (expects masked frames from its peer)
     * @param deflate whether permessage-deflate was agreed (no context takeover on either side)
     */
    public static Conn over(Transport transport, boolean server, boolean deflate) {
        PerMessageDeflate.Agreement agreement = deflate ? new PerMessageDeflate.Agreement(true, true, 15, 15) : null;
        return new Conn(transport, server, new Conn.Settings(4096, 4096, null, null), "", null, null, agreement);
    }
}
