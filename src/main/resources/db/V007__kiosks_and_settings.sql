-- Kiosks as the admin console manages them. The token is stored only as its SHA-256, so a copy of the database
-- does not let anyone pose as a kiosk; a rotated token is shown once and never stored in clear.
CREATE TABLE kiosks (
    id                  TEXT PRIMARY KEY,
    name                TEXT,
    token_sha256        TEXT NOT NULL UNIQUE,
    maintenance         INTEGER NOT NULL DEFAULT 0,
    maintenance_message TEXT,
    token_rotated_at    INTEGER
);

-- Settings an admin changes at run time, as JSON by key (e.g. "queue.rules").
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
