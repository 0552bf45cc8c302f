package dev.kopilka.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * A {@link DataSource} that counts what goes to the database: every statement execution (a batch or a
 * multi-statement string counts once, as the driver sends it in one round trip) and every commit or rollback
 * that the driver actually sends.
 */
final class RoundTripCounter implements DataSource {

    private final DataSource target;
    private final AtomicInteger roundTrips = new AtomicInteger();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    RoundTripCounter(DataSource target) {
        this.target = target;
    }

    /** Round trips since the last reset. */
    int count() {
        return roundTrips.get();
    }

    /** What the round trips were, for the failure message. */
    List<String> log() {
        return List.copyOf(log);
    }

    void reset() {
        roundTrips.set(0);
        log.clear();
    }

    private void counted(String what) {
        roundTrips.incrementAndGet();
        log.add(what.length() > 160 ? what.substring(0, 160) + "…" : what);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(target.getConnection());
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return wrap(target.getConnection(user, password));
    }

    private Connection wrap(Connection c) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                new Handler(c, null));
    }

    /** Counts on connections (commit, rollback) and on the statements they make (executions). */
    private final class Handler implements InvocationHandler {
        private final Object target;
        private final String sql;

        Handler(Object target, String sql) {
            this.target = target;
            this.sql = sql;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (target instanceof Connection c && (name.equals("commit") || name.equals("rollback"))) {
                if (sendsSomething(c)) {
                    counted(name);
                }
            } else if (target instanceof Statement && name.startsWith("execute")) {
                counted(args != null && args.length > 0 && args[0] instanceof String s ? s : String.valueOf(sql));
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof Statement statement && target instanceof Connection) {
                Class<?> type = method.getReturnType();
                String text = args != null && args.length > 0 && args[0] instanceof String s ? s : null;
                return Proxy.newProxyInstance(RoundTripCounter.class.getClassLoader(), new Class<?>[] {type},
                        new Handler(statement, text));
            }
            return result;
        }
    }

    /** pgjdbc sends no COMMIT when the server already ended the transaction (a COMMIT sent with the writes). */
    private static boolean sendsSomething(Connection c) throws SQLException {
        if (c.isWrapperFor(BaseConnection.class)) {
            return c.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE;
        }
        return true;
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return target.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return target.isWrapperFor(iface);
    }
}
