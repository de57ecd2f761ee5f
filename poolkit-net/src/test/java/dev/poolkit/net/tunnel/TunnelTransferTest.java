package dev.poolkit.net.tunnel;

import static dev.poolkit.net.tunnel.TunnelTestKit.address;
import static dev.poolkit.net.tunnel.TunnelTestKit.clientFor;
import static dev.poolkit.net.tunnel.TunnelTestKit.listener;
import static dev.poolkit.net.tunnel.TunnelTestKit.pair;
import static dev.poolkit.net.tunnel.TunnelTestKit.startServer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poolkit.net.tls.SelfSignedCertificate;
import dev.poolkit.net.tls.TlsClientConfig;
import dev.poolkit.net.tls.TlsMode;
import dev.poolkit.net.tls.TlsServerConfig;
import dev.poolkit.pool.testing.Awaits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 1 MiB of random data each way over 32 paired connections, all at once, checked with SHA-256. */
@Timeout(180)
class TunnelTransferTest {

    private static final int PAIRS = 32;
    private static final int BYTES = 1 << 20;

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void oneMebibyteEachWay_over32Pairs_arrivesIntact(boolean tls) throws Exception {
        SelfSignedCertificate cert = tls ? SelfSignedCertificate.generate("t") : null;
        try (TunnelServerPool server = startServer(
                        listener(),
                        TunnelServerConfig.builder()
                                .name("bulk")
                                .tls(tls ? TlsServerConfig.of(cert) : null)
                                .build());
                TunnelClientPool client = TunnelClientPool.create(clientFor(address(server))
                        .capacity(PAIRS)
                        .tls(TlsClientConfig.builder()
                                .mode(tls ? TlsMode.SELF_SIGNED : TlsMode.NONE)
                                .build())
                        .build());
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            client.start();
            Awaits.await().until(() -> client.active() == PAIRS);
            List<CompletableFuture<String[]>> transfers = new ArrayList<>();
            List<TunnelConnection> all = new ArrayList<>();
            for (int i = 0; i < PAIRS; i++) {
                TunnelConnection[] ends = pair(server, client);
                all.add(ends[0]);
                all.add(ends[1]);
                transfers.add(transfer(threads, ends[0], ends[1], i * 2L));
                transfers.add(transfer(threads, ends[1], ends[0], i * 2L + 1));
            }
            for (CompletableFuture<String[]> t : transfers) {
                String[] sentAndReceived = t.get(120, TimeUnit.SECONDS);
                assertThat(sentAndReceived[1]).isEqualTo(sentAndReceived[0]);
            }
            all.forEach(TunnelConnection::close);
        }
    }

    /** Writes BYTES random bytes from {@code from}, reads them at {@code to}; returns both digests. */
    private static CompletableFuture<String[]> transfer(
            ExecutorService threads, TunnelConnection from, TunnelConnection to, long seed) {
        CompletableFuture<String> sent = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        MessageDigest digest = sha256();
                        SplittableRandom random = new SplittableRandom(seed);
                        OutputStream out = from.output();
                        byte[] chunk = new byte[16 * 1024 + 7]; // not a multiple of the TLS record size
                        for (int left = BYTES; left > 0; ) {
                            int n = Math.min(left, chunk.length);
                            random.nextBytes(chunk);
                            out.write(chunk, 0, n);
                            digest.update(chunk, 0, n);
                            left -= n;
                        }
                        out.flush();
                        return HexFormat.of().formatHex(digest.digest());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                },
                threads);
        CompletableFuture<String> received = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        MessageDigest digest = sha256();
                        InputStream in = to.input();
                        byte[] buffer = new byte[8192];
                        for (int left = BYTES; left > 0; ) {
                            int n = in.read(buffer, 0, Math.min(buffer.length, left));
                            if (n < 0) {
                                throw new IOException("end of stream with " + left + " bytes missing");
                            }
                            digest.update(buffer, 0, n);
                            left -= n;
                        }
                        return HexFormat.of().formatHex(digest.digest());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                },
                threads);
        return sent.thenCombine(received, (s, r) -> new String[] {s, r});
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
