-- Lab results (issue 7). Times are epoch milliseconds (UTC).

-- One row per message or bundle taken in, so a resent message (same sender and control id) is acknowledged again
-- without storing its reports twice.
CREATE TABLE lab_messages (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL CHECK (source IN ('hl7', 'fhir')),
    sender      TEXT NOT NULL,
    control_id  TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    UNIQUE (source, sender, control_id)
);

-- One row per version of a report (one specimen, one ordered test). A newer version (final after preliminary,
-- corrected after final) points the older one at itself through superseded_by; older versions are kept as history.
-- resident_id is null while the report waits in quarantine (quarantine_reason says why).
CREATE TABLE lab_reports (
    id                    INTEGER PRIMARY KEY,
    message_id            INTEGER NOT NULL REFERENCES lab_messages(id),
    resident_id           INTEGER REFERENCES residents(id),
    quarantine_reason     TEXT,
    patient_id_number     TEXT,
    patient_record_number TEXT,
    patient_name          TEXT,
    patient_birth_date    TEXT,
    specimen_barcode      TEXT NOT NULL,
    test_code             TEXT NOT NULL,
    test_name             TEXT,
    ordering_doctor       TEXT,
    status                TEXT NOT NULL CHECK (status IN ('preliminary', 'final', 'corrected')),
    collected_at          INTEGER,
    reported_at           INTEGER NOT NULL,
    received_at           INTEGER NOT NULL,
    superseded_by         INTEGER REFERENCES lab_reports(id),
    assigned_by           TEXT,
    assigned_at           INTEGER,
    CHECK ((resident_id IS NULL) = (quarantine_reason IS NOT NULL))
);
CREATE INDEX lab_reports_by_resident ON lab_reports(resident_id, reported_at);
CREATE INDEX lab_reports_by_specimen ON lab_reports(specimen_barcode, test_code);
CREATE INDEX lab_reports_quarantined ON lab_reports(quarantine_reason) WHERE quarantine_reason IS NOT NULL;

CREATE TABLE lab_results (
    id              INTEGER PRIMARY KEY,
    report_id       INTEGER NOT NULL REFERENCES lab_reports(id),
    seq             INTEGER NOT NULL,
    code            TEXT NOT NULL,
    name            TEXT,
    value           TEXT NOT NULL,
    value_type      TEXT NOT NULL CHECK (value_type IN ('number', 'text')),
    units           TEXT,
    reference_range TEXT,
    flag            TEXT CHECK (flag IN ('H', 'L', 'HH', 'LL', 'A', 'N')),
    UNIQUE (report_id, seq)
);

-- Every print attempt: 'pending' while the job runs (it counts against the reprint limit, so two kiosks cannot
-- both take the last print), then 'printed' or 'failed' with the reason.
CREATE TABLE lab_prints (
    id          INTEGER PRIMARY KEY,
    report_id   INTEGER NOT NULL REFERENCES lab_reports(id),
    actor       TEXT NOT NULL,
    kiosk_id    TEXT,
    printer     TEXT NOT NULL CHECK (printer IN ('a4', 'slip')),
    outcome     TEXT NOT NULL CHECK (outcome IN ('pending', 'printed', 'failed')),
    reason      TEXT,
    job_id      TEXT,
    pages       INTEGER,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER
);
CREATE INDEX lab_prints_by_report ON lab_prints(report_id, outcome);
