package io.github.wsboot.websocket.conformance;

import java.util.EnumMap;
import java.util.Map;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Dialer;

/** The library's {@link Dialer}, configured for the case's {@link EndpointSetup}, with the streaming echo loop. */
final class DialerClient implements ClientUnderTest {

    private static final Map<EndpointSetup, Dialer> DIALERS = new EnumMap<>(Map.of(
            EndpointSetup.PLAIN, Dialer.builder().build(),
            EndpointSetup.DEFLATE, Dialer.builder().enableCompression(true).build(),
            EndpointSetup.DEFLATE_TAKEOVER,
                    Dialer.builder()
                            .enableCompression(true)
                            .compressionContextTakeover(true)
                            .build()));

    private final Dialer dialer;
    private volatile Conn conn;

    DialerClient(EndpointSetup setup) {
        this.dialer = DIALERS.get(setup);
    }

    @Override
    public void dialAndEcho(String url) throws Exception {
        Conn c = dialer.dial(url, Map.of());
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
