package io.github.wsboot.websocket.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Dialer;
import io.github.wsboot.websocket.PreparedMessage;

/**
 * User addressing, local-only publishing and the cluster presence hooks, over real connections (embedded Tomcat,
 * ws-core clients). The cluster presence here is a recording fake; the Redis one is tested in the starter.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HubUsersTest {

    @Test
    void sendToUserReachesEveryConnectionOfThatUserInOrderAndNobodyElse() throws Exception {
        try (HubServer server = HubServer.start(Hub.builder().build(), 3)) {
            Conn phone = Dialer.DEFAULT.dial(uri(server, "ada-phone", "room", "ada"), null);
            Conn laptop = Dialer.DEFAULT.dial(uri(server, "ada-laptop", "room", "ada"), null);
            Conn bob = Dialer.DEFAULT.dial(uri(server, "bob", "room", "bob"), null);
            server.awaitJoins();
            assertThat(server.hub.userConnections("ada")).isEqualTo(2);
            assertThat(server.hub.topics()).containsExactly("room"); // users are not topics
            assertThat(server.hub.presence("room")).hasSize(3);
            for (int i = 0; i < 50; i++) {
                bob.writeText("to:ada:" + i);
            }
            bob.writeText("echo:done");
            assertThat(bob.readMessage().text()).isEqualTo("done"); // bob got none of ada's messages
            for (Conn ada : List.of(phone, laptop)) {
                for (int i = 0; i < 50; i++) {
                    assertThat(ada.readMessage().text()).isEqualTo(Integer.toString(i));
                }
            }
            server.hub.forgetUser(laptop(server), "ada");
            server.hub.sendToUser("ada", PreparedMessage.ofText("phone only"));
            server.hub.sendToUser("nobody", PreparedMessage.ofText("dropped: no connection anywhere"));
            assertThat(phone.readMessage().text()).isEqualTo("phone only");
            laptop.writeText("echo:laptop");
            assertThat(laptop.readMessage().text()).isEqualTo("laptop");
            phone.close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.hub.userConnections("ada") != 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.hub.userConnections("ada")).isZero(); // a closed connection is no longer the user's
            laptop.close();
            bob.close();
        }
    }

    @Test
    void userTopicsAreReservedAndPublishLocallyBypassesTheBroker() {
        List<String> brokered = Collections.synchronizedList(new ArrayList<>());
        HubBroker recording = new HubBroker() {
            HubBroker.Delivery delivery;

            @Override
            public void start(Delivery localDelivery) {
                delivery = localDelivery;
            }

            @Override
            public void publish(String topic, PreparedMessage message) {
                brokered.add(topic);
                delivery.deliver(topic, message);
            }
        };
        try (Hub hub = Hub.builder().broker(recording).build()) {
            assertThatThrownBy(() -> hub.publishText("\u0000user:ada", "x"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("reserved for users");
            hub.publishLocally("room", PreparedMessage.ofText("here only"));
            hub.publishText("room", "everywhere");
            hub.sendToUser("ada", PreparedMessage.ofText("dm"));
            assertThat(brokered).containsExactly("room", Hub.USER_TOPIC_PREFIX + "ada");
        }
    }

    @Test
    void clusterPresenceIsToldOfLocalChangesAndMergedIntoPresenceAndItsRemoteChangesReachListeners() throws Exception {
        FakeClusterPresence cluster = new FakeClusterPresence();
        Hub hub = Hub.builder().presence(cluster).build();
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        hub.onPresenceChange((topic, member, joined) -> events.add((joined ? "+" : "-") + member + "@" + topic));
        try (HubServer server = HubServer.start(hub, 1)) {
            Conn alice = Dialer.DEFAULT.dial(uri(server, "alice", "room", "alice"), null);
            server.awaitJoins();
            assertThat(cluster.calls).containsExactly("joined room alice"); // not the user addressing
            assertThat(hub.presence("room")).containsExactly("alice", "remote-bob");
            assertThat(hub.localPresence("room")).containsExactly("alice");
            assertThat(cluster.local.get())
                    .extracting(ClusterPresence.Membership::member)
                    .containsExactly("alice");
            cluster.remote.presenceChanged("room", "remote-bob", false);
            alice.close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (cluster.calls.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(cluster.calls).containsExactly("joined room alice", "left room alice");
            assertThat(events).containsExactly("+alice@room", "-remote-bob@room", "-alice@room");
        }
        assertThat(cluster.closed).isTrue();
    }

    private static Conn laptop(HubServer server) {
        return server.conns.get("ada-laptop");
    }

    private static URI uri(HubServer server, String name, String topics, String user) {
        return URI.create(server.uri(name, topics) + "&user=" + user);
    }

    private static final class FakeClusterPresence implements ClusterPresence {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        PresenceListener remote;
        Supplier<List<Membership>> local;
        volatile boolean closed;

        @Override
        public void start(PresenceListener remoteChanges, Supplier<List<Membership>> local) {
            this.remote = remoteChanges;
            this.local = local;
        }

        @Override
        public void joined(Membership membership) {
            calls.add("joined " + membership.topic() + " " + membership.member());
        }

        @Override
        public void left(Membership membership) {
            calls.add("left " + membership.topic() + " " + membership.member());
        }

        @Override
        public List<String> remoteMembers(String topic) {
            return List.of("remote-bob");
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
