-- Staff alerts (a blood-pressure crisis at a kiosk, a printer out of paper), so an alert nobody has acknowledged yet
-- is still on the nurse pages after a server restart, and a late second acknowledgement still gets "already
-- acknowledged by". alert is the JSON exactly as the nurse pages get it: identity fields masked (maskedName,
-- residentId as the internal record id; never a full name or an ID number). Times are epoch milliseconds (UTC).
-- Acknowledged alerts are deleted 90 days after their acknowledgement (StaffAlerts.ACKNOWLEDGED_KEPT).
CREATE TABLE staff_alerts (
    alert_id        TEXT PRIMARY KEY,
    type            TEXT NOT NULL,
    alert           TEXT NOT NULL,
    raised_at       INTEGER NOT NULL,
    acknowledged_by TEXT,
    acknowledged_at INTEGER,
    CHECK ((acknowledged_by IS NULL) = (acknowledged_at IS NULL))
);
CREATE INDEX staff_alerts_open ON staff_alerts(raised_at) WHERE acknowledged_at IS NULL;
CREATE INDEX staff_alerts_by_acknowledged_at ON staff_alerts(acknowledged_at) WHERE acknowledged_at IS NOT NULL;
