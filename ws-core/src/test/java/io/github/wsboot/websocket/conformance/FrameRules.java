package io.github.wsboot.websocket.conformance;

/**
 * The rules the endpoint under test must keep in every frame it sends (RFC 6455 sections 5.2–5.5 and 7.4),
 * as the fuzzing peer checks them.
 */
final class FrameRules {

    /** The RSV1 bit as {@link WireFrame#rsv()} gives it; permessage-deflate's "compressed" flag. */
    static final int RSV1 = 4;

    private FrameRules() {}

    /**
     * What is wrong with {@code f}'s header, or null.
     *
     * @param mustBeMasked  whether the frame comes from a client
     * @param insideMessage whether a fragmented data message is open
     * @param deflate       whether permessage-deflate was negotiated: RSV1 may then mark the first frame of a
     *                      compressed message (RFC 7692 section 6), and nothing else
     */
    static String problem(WireFrame f, boolean mustBeMasked, boolean insideMessage, boolean deflate) {
        if (f.rsv() != 0) {
            if (!deflate || f.rsv() != RSV1) {
                return "RSV bits " + f.rsv() + " set without a negotiated extension";
            }
            if (f.opcode() >= 8) {
                return "RSV1 set on a control frame";
            }
            if (f.opcode() == Frame.CONTINUATION) {
                return "RSV1 set on a continuation frame";
            }
        }
        if (f.masked() != mustBeMasked) {
            return mustBeMasked ? "client frame not masked" : "server frame masked";
        }
        int op = f.opcode();
        if (op >= 8) {
            if (op > Frame.PONG) {
                return "reserved control opcode " + op;
            }
            if (!f.fin()) {
                return "fragmented control frame";
            }
            if (f.payload().length > 125) {
                return "control frame payload of " + f.payload().length + " bytes";
            }
            return null;
        }
        if (op > Frame.BINARY) {
            return "reserved data opcode " + op;
        }
        if (op == Frame.CONTINUATION && !insideMessage) {
            return "continuation frame outside a fragmented message";
        }
        if (op != Frame.CONTINUATION && insideMessage) {
            return "new data message inside a fragmented message";
        }
        return null;
    }

    /** Close codes an endpoint may send (RFC 6455 section 7.4.1, as Autobahn lists them). */
    static boolean allowedCloseCode(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1013) || (code >= 3000 && code <= 4999);
    }
}
