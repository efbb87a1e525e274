package io.github.wsboot.websocket.conformance;

import java.util.Map;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Dialer;

/** The library's {@link Dialer} with the streaming echo loop. */
final class DialerClient implements ClientUnderTest {

    private static final Dialer DIALER = Dialer.builder().build();

    private volatile Conn conn;

    @Override
    public void dialAndEcho(String url) throws Exception {
        Conn c = DIALER.dial(url, Map.of());
        conn = c;
        EchoLoop.copyMessages(c);
    }

    @Override
    public void abort() {
        Conn c = conn;
        if (c != null) {
            c.close();
        }
    }
}
