package org.clinickiosk.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of JDBC work run on a store thread, never on an event loop. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
