package dev.poolkit.bench.peer;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * HikariCP over a {@link StubDataSource}, so that {@code getConnection()} and {@code close()} measure
 * the pool (its {@code ConcurrentBag} and the per-lease connection proxy), as HikariCP's own
 * benchmark does with its stub driver. Defaults except {@code maximumPoolSize = minimumIdle = size}
 * and the shared acquire timeout as {@code connectionTimeout}. No test query: the stub's
 * {@code isValid} answers validation. A handle is the connection proxy, which is also the resource a
 * HikariCP user works with.
 */
final class HikariPool implements BenchPool<Connection> {

    private final HikariDataSource dataSource;

    HikariPool(int size) throws InterruptedException {
        HikariConfig config = new HikariConfig();
        config.setPoolName("bench-hikari");
        config.setDataSource(new StubDataSource());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setConnectionTimeout(ACQUIRE_TIMEOUT.toMillis());
        dataSource = new HikariDataSource(config);
        BenchPool.awaitFilled("hikaricp", () -> dataSource.getHikariPoolMXBean().getIdleConnections() == size);
    }

    @Override
    public Connection acquire() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public Object resource(Connection handle) {
        return handle;
    }

    @Override
    public void release(Connection handle) throws SQLException {
        handle.close();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
