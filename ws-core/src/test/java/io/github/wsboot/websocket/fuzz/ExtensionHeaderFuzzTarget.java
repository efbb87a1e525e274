package io.github.wsboot.websocket.fuzz;

import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

import io.github.wsboot.websocket.internal.ExtensionHeader;
import io.github.wsboot.websocket.internal.PerMessageDeflate;

/**
 * Fuzz target: {@code Sec-WebSocket-Extensions} parsing and permessage-deflate negotiation on both sides. The
 * server must decline (not throw) a bad offer, and what it answers must be accepted by our own client; the
 * client may refuse an answer only with {@link IllegalArgumentException}.
 */
public final class ExtensionHeaderFuzzTarget {

    private ExtensionHeaderFuzzTarget() {}

    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        boolean takeover = data.consumeBoolean();
        String first = data.consumeString(200);
        String second = data.consumeRemainingAsString();
        List<String> values = List.of(first, second);

        for (ExtensionHeader.Extension e : ExtensionHeader.parse(values)) {
            if (!e.malformed()) {
                if (!isToken(e.name())) {
                    throw new AssertionError("well-formed extension with a non-token name: " + e);
                }
                for (ExtensionHeader.Param p : e.params()) {
                    if (!isToken(p.name()) || (p.value() != null && !isToken(p.value()))) {
                        throw new AssertionError("well-formed extension with a bad parameter: " + e);
                    }
                }
            }
        }

        PerMessageDeflate.negotiateServer(values, takeover).ifPresent(n -> {
            PerMessageDeflate.Agreement a = PerMessageDeflate.acceptServerResponse(List.of(n.header()), true, true);
            if (a == null) {
                throw new AssertionError("our client declined our server's answer " + n.header());
            }
        });
        try {
            PerMessageDeflate.acceptServerResponse(values, data.consumeBoolean(), takeover);
        } catch (IllegalArgumentException refused) {
            // the client fails the handshake with this reason
        }
    }

    private static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
