package dev.poolkit.net.worker;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Handlers and clean-up shared by the worker tests. */
final class TestHandlers {

    private TestHandlers() {}

    /** Writes every message back. */
    static final MessageHandler ECHO = (client, message) -> client.output().write(message);

    /** A session that reads until the client closes: keeps its worker busy for the connection's life. */
    static final SessionHandler HOLD = client -> {
        InputStream in = client.input();
        while (in.read() >= 0) {
            // discard
        }
    };

    /** Closes what a test opened, last first. */
    static final class Cleanup implements AutoCloseable {
        private final List<AutoCloseable> resources = new ArrayList<>();

        <T extends AutoCloseable> T add(T resource) {
            resources.add(resource);
            return resource;
        }

        @Override
        public void close() throws Exception {
            Collections.reverse(resources);
            for (AutoCloseable c : resources) {
                c.close();
            }
            resources.clear();
        }
    }
}
