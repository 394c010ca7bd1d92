-- Electronic health card (电子健康卡) QR tokens bound to residents, made at the kiosk with the resident's consent
-- after an ID card identification. Only the SHA-256 of the token is stored: the token is a bearer credential, so a
-- copied database or backup must not yield codes that identify someone at a kiosk.

CREATE TABLE health_card_bindings (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    resident_id INTEGER NOT NULL REFERENCES residents(id),
    bound_at    INTEGER NOT NULL,
    bound_by    TEXT NOT NULL
);
CREATE INDEX health_card_bindings_by_resident ON health_card_bindings(resident_id);
