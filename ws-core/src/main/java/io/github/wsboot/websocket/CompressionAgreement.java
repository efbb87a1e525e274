package io.github.wsboot.websocket;

import io.github.wsboot.websocket.internal.PerMessageDeflate;

/**
 * The permessage-deflate parameters (RFC 7692) both sides agreed on for a connection.
 *
 * @param serverNoContextTakeover the server resets its compressor after each message
 * @param clientNoContextTakeover the client resets its compressor after each message
 * @param serverMaxWindowBits largest LZ77 window of the server's compressor (8–15)
 * @param clientMaxWindowBits largest LZ77 window of the client's compressor (8–15)
 */
public record CompressionAgreement(
        boolean serverNoContextTakeover,
        boolean clientNoContextTakeover,
        int serverMaxWindowBits,
        int clientMaxWindowBits) {

    static CompressionAgreement of(PerMessageDeflate.Agreement a) {
        return new CompressionAgreement(
                a.serverNoContextTakeover(),
                a.clientNoContextTakeover(),
                a.serverMaxWindowBits(),
                a.clientMaxWindowBits());
    }
}
