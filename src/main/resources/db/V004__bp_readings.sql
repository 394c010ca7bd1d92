-- Blood-pressure readings as the monitors reported them, stored the moment they arrive (issue 6).
-- resident_id is NULL while nobody was identified at the kiosk; such a reading can be claimed by the resident who
-- identifies there within a few minutes, and stays kept (for staff) when nobody does.
-- series_id is the id of the first reading of the guided series (2 readings, 3 when they differ by > 5 mmHg)
-- whose mean is classified; a first reading has its own id there.
CREATE TABLE bp_readings (
    id                INTEGER PRIMARY KEY,
    resident_id       INTEGER REFERENCES residents(id),
    kiosk_id          TEXT NOT NULL,
    systolic          INTEGER NOT NULL CHECK (systolic BETWEEN 1 AND 400),
    diastolic         INTEGER NOT NULL CHECK (diastolic BETWEEN 1 AND 400),
    pulse             INTEGER NOT NULL CHECK (pulse BETWEEN 1 AND 400),
    mean_pressure     INTEGER,
    category          TEXT NOT NULL CHECK (category IN ('normal', 'normal-high', 'grade-1', 'grade-2', 'grade-3')),
    isolated_systolic INTEGER NOT NULL DEFAULT 0,
    monitor_model     TEXT NOT NULL,
    device_time       TEXT,
    measured_at       INTEGER NOT NULL,
    raw               TEXT NOT NULL,
    series_id         INTEGER REFERENCES bp_readings(id),
    assigned_via      TEXT CHECK (assigned_via IN ('session', 'claim')),
    assigned_at       INTEGER,
    alert_id          TEXT,
    ticket_id         INTEGER REFERENCES tickets(id),
    CHECK ((resident_id IS NULL) = (assigned_via IS NULL))
);
CREATE INDEX bp_readings_by_resident ON bp_readings(resident_id, measured_at);
CREATE INDEX bp_readings_unassigned ON bp_readings(kiosk_id, measured_at) WHERE resident_id IS NULL;
