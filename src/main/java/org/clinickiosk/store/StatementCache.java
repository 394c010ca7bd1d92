package org.clinickiosk.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps a connection's prepared statements compiled between uses. sqlite-jdbc compiles the SQL text again for every
 * {@code prepareStatement} and throws the compiled statement away at {@code close}; the queue's writer runs the same
 * dozen statements for every ticket, and that compiling was a large part of its work.
 *
 * <p>The connection handed out is a proxy: {@code prepareStatement(sql)} returns the cached statement for that text
 * when it is not in use, and the statement's {@code close()} only clears its parameters and puts it back. A statement
 * whose use threw is really closed and dropped (its state is not trusted), a statement asked for while the same text
 * is still open (nested use) is a fresh, uncached one, and at most {@link #MAX_STATEMENTS} are kept (least recently
 * used out). Callers keep the usual JDBC pattern, try-with-resources included. A connection and its cache belong to
 * one thread at a time, as the store's connections do.
 */
final class StatementCache {
    static final int MAX_STATEMENTS = 128;

    private record Key(String sql, int generatedKeys) {}

    private final Connection connection;
    private final Map<Key, Cached> idle = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Cached> eldest) {
            if (size() <= MAX_STATEMENTS) return false;
            eldest.getValue().closeQuietly();
            return true;
        }
    };

    private StatementCache(Connection connection) {
        this.connection = connection;
    }

    /** The connection, with its prepared statements cached; closing it closes them all. */
    static Connection wrap(Connection connection) {
        StatementCache cache = new StatementCache(connection);
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                cache::onConnection);
    }

    private Object onConnection(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (name.equals("prepareStatement") && args.length == 1) {
            return statement(new Key((String) args[0], -1));
        }
        if (name.equals("prepareStatement") && args.length == 2 && method.getParameterTypes()[1] == int.class) {
            return statement(new Key((String) args[0], (Integer) args[1]));
        }
        if (name.equals("close")) {
            for (Cached c : idle.values()) c.closeQuietly();
            idle.clear();
        }
        if (name.equals("unwrap") && args[0] == StatementCache.class) return this;
        return invoke(connection, method, args);
    }

    private PreparedStatement statement(Key key) throws SQLException {
        Cached cached = idle.remove(key); // taken out while in use: a nested use of the same text gets its own
        if (cached == null) {
            PreparedStatement real = key.generatedKeys() < 0 ? connection.prepareStatement(key.sql())
                    : connection.prepareStatement(key.sql(), key.generatedKeys());
            cached = new Cached(key, real);
        }
        return cached.proxy;
    }

    /** Statements compiled and kept now (for tests). */
    int size() {
        return idle.size();
    }

    private final class Cached implements InvocationHandler {
        final Key key;
        final PreparedStatement real;
        final PreparedStatement proxy;
        boolean failed;

        Cached(Key key, PreparedStatement real) {
            this.key = key;
            this.real = real;
            this.proxy = (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                    new Class<?>[]{PreparedStatement.class}, this);
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                if (failed || real.isClosed()) {
                    closeQuietly();
                } else {
                    real.clearParameters();
                    if (!idle.containsKey(key)) idle.put(key, this); // else a nested twin is kept; this one goes
                    else closeQuietly();
                }
                return null;
            }
            try {
                return StatementCache.invoke(real, method, args);
            } catch (SQLException | RuntimeException e) {
                failed = true;
                throw e;
            }
        }

        void closeQuietly() {
            try {
                real.close();
            } catch (SQLException ignored) {
                // closing a statement of a connection that is going away; nothing to keep
            }
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
