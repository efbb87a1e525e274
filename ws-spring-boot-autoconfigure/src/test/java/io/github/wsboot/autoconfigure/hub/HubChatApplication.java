package io.github.wsboot.autoconfigure.hub;

import java.time.Duration;
import java.util.List;

import io.lettuce.core.resource.Delay;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import io.github.wsboot.spring.ConnectionHandler;
import io.github.wsboot.spring.Handshake;
import io.github.wsboot.spring.WebSocketHandler;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.PreparedMessage;
import io.github.wsboot.websocket.hub.Hub;

/**
 * An application whose handler gets the {@link Hub} injected: {@code /hub?name=n} joins topic "room" as n, and
 * each text it receives is published to "room". {@code /news?name=n&since=p} joins topic "news" through
 * {@link HubRecovery} (when the relay is on) from position p; a missed catch-up is answered with {"missed":true}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({HubChatApplication.Room.class, HubChatApplication.News.class})
class HubChatApplication {

    @Bean
    SecurityFilterChain permitAll(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll()).build();
    }

    /** Lettuce reconnects every 200 ms rather than backing off to 30 s, so the outage test stays short. */
    @Bean
    ClientResourcesBuilderCustomizer fastReconnect() {
        return builder -> builder.reconnectDelay(Delay.constant(Duration.ofMillis(200)));
    }

    @WebSocketHandler("/hub")
    static class Room implements ConnectionHandler {

        private final Hub hub;

        Room(Hub hub) {
            this.hub = hub;
        }

        @Override
        public void serve(Conn conn, Handshake handshake) throws Exception {
            String name = handshake.queryParams().get("name").get(0);
            hub.join("room", conn, name);
            while (true) {
                hub.publishText("room", conn.readMessage().text());
            }
        }
    }

    @WebSocketHandler("/news")
    static class News implements ConnectionHandler {

        private final Hub hub;
        private final ObjectProvider<HubRecovery> recovery;

        News(Hub hub, ObjectProvider<HubRecovery> recovery) {
            this.hub = hub;
            this.recovery = recovery;
        }

        @Override
        public void serve(Conn conn, Handshake handshake) throws Exception {
            String name = handshake.queryParams().get("name").get(0);
            List<String> since = handshake.queryParams().get("since");
            HubRecovery.Resume r = recovery.getObject().resume("news", conn, name, since == null ? null : since.get(0));
            if (r.missed()) {
                hub.send(conn, PreparedMessage.ofText("{\"missed\":true}"));
            }
            while (true) {
                hub.publishText("news", conn.readMessage().text());
            }
        }
    }
}
