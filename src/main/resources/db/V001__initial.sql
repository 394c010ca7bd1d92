-- Times are epoch milliseconds (UTC); "day" is the clinic's local date YYYY-MM-DD.

CREATE TABLE services (
    id                  TEXT PRIMARY KEY,
    name                TEXT NOT NULL,
    name_en             TEXT,
    prefix              TEXT NOT NULL UNIQUE,
    opens               TEXT NOT NULL,
    closes              TEXT NOT NULL,
    is_open             INTEGER NOT NULL DEFAULT 1,
    avg_service_minutes REAL NOT NULL,
    sort_order          INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE rooms (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    name_en    TEXT,
    paused     INTEGER NOT NULL DEFAULT 0,
    sort_order INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE room_services (
    room_id    TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    service_id TEXT NOT NULL REFERENCES services(id),
    PRIMARY KEY (room_id, service_id)
);

CREATE TABLE staff (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT,
    role          TEXT NOT NULL CHECK (role IN ('nurse', 'admin')),
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);

CREATE TABLE residents (
    id                    INTEGER PRIMARY KEY,
    record_number         TEXT NOT NULL UNIQUE CHECK (length(record_number) = 20),
    id_number             TEXT NOT NULL UNIQUE,
    name                  TEXT NOT NULL,
    sex                   TEXT CHECK (sex IN ('M', 'F', 'U')),
    birth_date            TEXT,
    nation                TEXT,
    phone                 TEXT,
    address               TEXT,
    key_groups            TEXT NOT NULL DEFAULT '[]',
    health_data_consent_at INTEGER,
    created_at            INTEGER NOT NULL
);

CREATE TABLE appointments (
    id            INTEGER PRIMARY KEY,
    resident_id   INTEGER NOT NULL REFERENCES residents(id),
    service_id    TEXT NOT NULL REFERENCES services(id),
    slot_start    INTEGER NOT NULL,
    slot_end      INTEGER NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('booked', 'checked_in', 'cancelled', 'no_show')),
    ticket_id     INTEGER REFERENCES tickets(id),
    created_at    INTEGER NOT NULL,
    checked_in_at INTEGER,
    CHECK (slot_end > slot_start)
);
CREATE INDEX appointments_by_resident ON appointments(resident_id, slot_start);

CREATE TABLE tickets (
    id                 INTEGER PRIMARY KEY,
    public_token       TEXT NOT NULL UNIQUE,
    issuing_service_id TEXT NOT NULL REFERENCES services(id),
    service_id         TEXT NOT NULL REFERENCES services(id),
    day                TEXT NOT NULL,
    seq                INTEGER NOT NULL,
    number             TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'serving', 'done', 'no_show', 'cancelled')),
    priority           TEXT NOT NULL CHECK (priority IN ('normal', 'elderly', 'disability', 'serviceman', 'pregnancy', 'emergency')),
    priority_declared  INTEGER NOT NULL DEFAULT 0,
    resident_id        INTEGER REFERENCES residents(id),
    appointment_id     INTEGER REFERENCES appointments(id),
    slot_start         INTEGER,
    kiosk_id           TEXT,
    sort_key           INTEGER NOT NULL,
    room_id            TEXT REFERENCES rooms(id),
    called_by          INTEGER REFERENCES staff(id),
    recall_count       INTEGER NOT NULL DEFAULT 0,
    issued_at          INTEGER NOT NULL,
    first_called_at    INTEGER,
    called_at          INTEGER,
    started_at         INTEGER,
    finished_at        INTEGER,
    no_show_at         INTEGER,
    cancelled_at       INTEGER,
    transferred_at     INTEGER,
    requeued_at        INTEGER,
    UNIQUE (issuing_service_id, day, seq)
);
CREATE INDEX tickets_waiting ON tickets(service_id, status, day);
CREATE INDEX tickets_by_day ON tickets(day, sort_key);
CREATE INDEX tickets_first_calls ON tickets(service_id, day, first_called_at);
CREATE INDEX tickets_service_times ON tickets(service_id, finished_at);

-- Every transition of every ticket, with its time: the history a transfer keeps, and the source of statistics.
CREATE TABLE ticket_events (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id),
    at          INTEGER NOT NULL,
    action      TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    service_id  TEXT NOT NULL,
    room_id     TEXT,
    staff_id    INTEGER,
    recall_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ticket_events_by_ticket ON ticket_events(ticket_id);
CREATE INDEX ticket_events_by_action ON ticket_events(action, at);

CREATE TABLE idempotency_keys (
    scope        TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    ticket_id    INTEGER NOT NULL REFERENCES tickets(id),
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
);

CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at_utc  TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    target  TEXT,
    outcome TEXT NOT NULL,
    address TEXT
);
CREATE INDEX audit_log_by_time ON audit_log(at_utc);

CREATE TABLE day_turns (
    day            TEXT PRIMARY KEY,
    turned_at      INTEGER NOT NULL,
    closed_tickets INTEGER NOT NULL
);
