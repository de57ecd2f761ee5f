package dev.poolkit.bench.peer;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * A JDBC connection that talks to nothing, for HikariCP: it keeps the few settings a pool reads and
 * writes (auto-commit, read-only, isolation, catalog, schema, network timeout), is always valid, and
 * refuses statements. A plain class rather than a {@code java.lang.reflect.Proxy}, so that the calls
 * HikariCP makes on every close cost what a real driver's trivial methods would.
 */
final class StubConnection implements Connection {

    private final StubResource resource;
    private boolean autoCommit = true;
    private boolean readOnly;
    private int isolation = TRANSACTION_READ_COMMITTED;
    private String catalog;
    private String schema;
    private int networkTimeout;
    private int holdability;
    private boolean closed;

    StubConnection(StubResource resource) {
        this.resource = resource;
    }

    private static SQLException unsupported() {
        return new SQLFeatureNotSupportedException("stub connection");
    }

    @Override
    public void abort(Executor a0) throws SQLException {
        closed = true;
    }

    @Override
    public void clearWarnings() throws SQLException {}

    @Override
    public void close() throws SQLException {
        closed = true;
    }

    @Override
    public void commit() throws SQLException {}

    @Override
    public Array createArrayOf(String a0, Object[] a1) throws SQLException {
        throw unsupported();
    }

    @Override
    public Blob createBlob() throws SQLException {
        throw unsupported();
    }

    @Override
    public Clob createClob() throws SQLException {
        throw unsupported();
    }

    @Override
    public NClob createNClob() throws SQLException {
        throw unsupported();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        throw unsupported();
    }

    @Override
    public Statement createStatement() throws SQLException {
        throw unsupported();
    }

    @Override
    public Statement createStatement(int a0, int a1) throws SQLException {
        throw unsupported();
    }

    @Override
    public Statement createStatement(int a0, int a1, int a2) throws SQLException {
        throw unsupported();
    }

    @Override
    public Struct createStruct(String a0, Object[] a1) throws SQLException {
        throw unsupported();
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        return autoCommit;
    }

    @Override
    public String getCatalog() throws SQLException {
        return catalog;
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        return new Properties();
    }

    @Override
    public String getClientInfo(String a0) throws SQLException {
        return null;
    }

    @Override
    public int getHoldability() throws SQLException {
        return holdability;
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        throw unsupported();
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        return networkTimeout;
    }

    @Override
    public String getSchema() throws SQLException {
        return schema;
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        return isolation;
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        return Map.of();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return null;
    }

    @Override
    public boolean isClosed() throws SQLException {
        return closed;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return readOnly;
    }

    @Override
    public boolean isValid(int a0) throws SQLException {
        return !closed;
    }

    @Override
    public boolean isWrapperFor(Class<?> a0) throws SQLException {
        return a0.isInstance(resource);
    }

    @Override
    public String nativeSQL(String a0) throws SQLException {
        throw unsupported();
    }

    @Override
    public CallableStatement prepareCall(String a0) throws SQLException {
        throw unsupported();
    }

    @Override
    public CallableStatement prepareCall(String a0, int a1, int a2) throws SQLException {
        throw unsupported();
    }

    @Override
    public CallableStatement prepareCall(String a0, int a1, int a2, int a3) throws SQLException {
        throw unsupported();
    }

    @Override
    public PreparedStatement prepareStatement(String a0) throws SQLException {
        throw unsupported();
    }

    @Override
    public PreparedStatement prepareStatement(String a0, int[] a1) throws SQLException {
        throw unsupported();
    }

    @Override
    public PreparedStatement prepareStatement(String a0, int a1) throws SQLException {
        throw unsupported();
    }

    @Override
    public PreparedStatement prepareStatement(String a0, String[] a1) throws SQLException {
        throw unsupported();
    }

    @Override
    public PreparedStatement prepareStatement(String a0, int a1, int a2) throws SQLException {
        throw unsupported();
    }

    @Override
    public PreparedStatement prepareStatement(String a0, int a1, int a2, int a3) throws SQLException {
        throw unsupported();
    }

    @Override
    public void releaseSavepoint(Savepoint a0) throws SQLException {}

    @Override
    public void rollback() throws SQLException {}

    @Override
    public void rollback(Savepoint a0) throws SQLException {}

    @Override
    public void setAutoCommit(boolean a0) throws SQLException {
        autoCommit = a0;
    }

    @Override
    public void setCatalog(String a0) throws SQLException {
        catalog = a0;
    }

    @Override
    public void setClientInfo(Properties a0) {}

    @Override
    public void setClientInfo(String a0, String a1) {}

    @Override
    public void setHoldability(int a0) throws SQLException {
        holdability = a0;
    }

    @Override
    public void setNetworkTimeout(Executor a0, int a1) throws SQLException {
        networkTimeout = a1;
    }

    @Override
    public void setReadOnly(boolean a0) throws SQLException {
        readOnly = a0;
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        throw unsupported();
    }

    @Override
    public Savepoint setSavepoint(String a0) throws SQLException {
        throw unsupported();
    }

    @Override
    public void setSchema(String a0) throws SQLException {
        schema = a0;
    }

    @Override
    public void setTransactionIsolation(int a0) throws SQLException {
        isolation = a0;
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> a0) throws SQLException {}

    @Override
    public <T> T unwrap(Class<T> a0) throws SQLException {
        if (a0.isInstance(resource)) {
            return a0.cast(resource);
        }
        throw unsupported();
    }
}
