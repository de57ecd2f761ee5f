package dev.poolkit.net.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.pool.testing.LoopbackServer;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fixes of NodePass's ID channel: order kept on removal, reservations unique and bounded. */
class ConnectionQueueTest {

    private final LoopbackServer peer = LoopbackServer.start(LoopbackServer.Mode.SILENT);
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        peer.close();
    }

    private TunnelConnection connection(String id) throws IOException {
        Socket socket = new Socket(peer.host(), peer.port());
        sockets.add(socket);
        return new TunnelConnection(id, socket);
    }

    @Test
    void removeById_keepsTheOrderOfTheOthers() throws IOException {
        ConnectionQueue queue = new ConnectionQueue(10);
        for (String id : new String[] {"00000001", "00000002", "00000003", "00000004"}) {
            assertThat(queue.offer(connection(id))).isTrue();
        }
        assertThat(queue.remove("00000002").id()).isEqualTo("00000002");
        assertThat(queue.remove("00000002")).isNull();
        assertThat(queue.ids()).containsExactly("00000001", "00000003", "00000004");
        assertThat(queue.poll().id()).isEqualTo("00000001");
        assertThat(queue.poll().id()).isEqualTo("00000003");
    }

    @Test
    void offer_duplicateOrFull_refused() throws IOException {
        ConnectionQueue queue = new ConnectionQueue(2);
        assertThat(queue.offer(connection("0000000a"))).isTrue();
        assertThat(queue.offer(connection("0000000a"))).isFalse();
        assertThat(queue.offer(connection("0000000b"))).isTrue();
        assertThat(queue.offer(connection("0000000c"))).isFalse();
        assertThat(queue.size()).isEqualTo(2);
    }

    @Test
    void reserve_uniqueAndCountedAgainstTheCapacity() throws IOException {
        ConnectionQueue queue = new ConnectionQueue(500);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            String id = queue.reserve();
            assertThat(TunnelIds.isValid(id)).isTrue();
            assertThat(ids.add(id)).isTrue();
        }
        assertThat(queue.reserve()).as("full").isNull();
        String first = ids.iterator().next();
        assertThat(queue.offer(connection(first)))
                .as("a reservation always fits")
                .isTrue();
        assertThat(queue.ids()).containsExactly(first);
        queue.unreserve(ids.stream().filter(id -> !id.equals(first)).findFirst().orElseThrow());
        assertThat(queue.reserve()).isNotNull();
    }

    @Test
    void close_refusesEverythingAndReturnsThePooled() throws Exception {
        ConnectionQueue queue = new ConnectionQueue(4);
        queue.offer(connection("00000001"));
        assertThat(queue.close()).extracting(TunnelConnection::id).containsExactly("00000001");
        assertThat(queue.isClosed()).isTrue();
        assertThat(queue.offer(connection("00000002"))).isFalse();
        assertThat(queue.reserve()).isNull();
        assertThat(queue.take(-1)).as("closed: no wait").isNull();
    }

    @Test
    void ids_areLowercaseHexOfEightCharacters() {
        for (int i = 0; i < 1000; i++) {
            assertThat(TunnelIds.next()).matches("^[0-9a-f]{8}$");
        }
        assertThat(TunnelIds.isValid("DEADBEEF")).isFalse();
        assertThat(TunnelIds.isValid("deadbee")).isFalse();
        assertThat(TunnelIds.isValid("deadbeeg")).isFalse();
        assertThat(TunnelIds.isValid("deadbeef")).isTrue();
    }
}
