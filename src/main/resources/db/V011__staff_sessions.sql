-- Staff sessions, so an update during the day does not log every nurse out (StaffSessionStore). A row is keyed by
-- the SHA-256 of the session id, never the id itself: a copy of the database hands out no live session. It holds
-- only what a staff session holds: the staff id and the CSRF token. last_accessed (epoch milliseconds) is written
-- only when it moved by a minute or more, so after a restart a session may end up to a minute early; a session
-- idle for idle_millis is deleted when next looked up and by a sweep every minute.
CREATE TABLE staff_sessions (
    id_hash       TEXT PRIMARY KEY,
    staff_id      INTEGER NOT NULL,
    csrf_token    TEXT NOT NULL,
    idle_millis   INTEGER NOT NULL,
    last_accessed INTEGER NOT NULL,
    version       INTEGER NOT NULL
) WITHOUT ROWID;
