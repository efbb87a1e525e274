package io.github.wsboot.websocket.peers;

import java.util.List;

/**
 * The messages the peers' echo clients send, in order ({@code interop-peers/node/script.mjs} and
 * {@code interop-peers/python/script.py}): types and lengths only, the content is theirs. The tests check a
 * client's report against this list, so a client that skipped the large or the empty messages cannot pass.
 */
final class PeerScript {

    /** One message as a client reports it and the server records it. */
    record Digest(String type, int length, String sha256) {

        /** The type and length, which the script fixes; the digest differs between the peers' random data. */
        Shape shape() {
            return new Shape(type, length);
        }
    }

    record Shape(String type, int length) {}

    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;

    static final List<Shape> EXPECTED = List.of(
            new Shape("text", 5), // "hello"
            new Shape("text", 32), // 1- to 4-byte characters
            new Shape("text", 0),
            new Shape("binary", 0),
            new Shape("binary", 125), // largest 7-bit length
            new Shape("binary", 126), // smallest 16-bit length
            new Shape("text", 65535), // largest 16-bit length
            new Shape("binary", 64 * KIB), // smallest 64-bit length
            new Shape("text", 64 * KIB),
            new Shape("binary", 4 * MIB),
            new Shape("text", 4 * MIB),
            new Shape("text", 43), // fragmented (node splits inside characters)
            new Shape("binary", 6000), // fragmented, with an empty fragment in the middle
            new Shape("binary", MIB)); // 16 fragments

    private PeerScript() {}
}
