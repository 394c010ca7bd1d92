-- Time slots an admin opens for appointments (分时段预约), per service and clinic-local day. When a service has slots
-- on a day, a booking must take one of them and stays within its capacity; days without slots take free bookings.
CREATE TABLE appointment_slots (
    id         INTEGER PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services(id),
    day        TEXT NOT NULL,
    starts     TEXT NOT NULL,
    ends       TEXT NOT NULL,
    capacity   INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 500),
    CHECK (ends > starts),
    UNIQUE (service_id, day, starts)
);
