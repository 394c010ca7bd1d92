-- A counter of committed changes to whatever decides a waiting ticket's place and wait estimate: tickets, services,
-- rooms, their links and the queue rules. The queue engine keeps an in-memory copy of the waiting order and knows it
-- is current exactly when this counter is where the copy left it; triggers make every path that writes these tables
-- move it, including ones written later.
CREATE TABLE queue_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO queue_version (id, version) VALUES (1, 0);
CREATE TRIGGER queue_version_ticket_insert AFTER INSERT ON tickets BEGIN UPDATE queue_version SET version = version + 1; END;
CREATE TRIGGER queue_version_ticket_update AFTER UPDATE ON tickets BEGIN UPDATE queue_version SET version = version + 1; END;
CREATE TRIGGER queue_version_ticket_delete AFTER DELETE ON tickets BEGIN UPDATE queue_version SET version = version + 1; END;
CREATE TRIGGER queue_version_service_insert AFTER INSERT ON services BEGIN UPDATE queue_version SET version = version + 1; END;
CREATE TRIGGER queue_version_service_update AFTER UPDATE ON services BEGIN UPDATE queue_version SET version = version + 1; END;
CREATE TRIGGER queue_version_service_delete AFTER DELETE ON services BEGIN UPDATE queue_version SET version = version + 1; END;
CREATE TRIGGER queue_version_room_insert AFTER INSERT ON rooms BEGIN UPDATE queue_version SET version = version + 1; END;
CREATE TRIGGER queue_version_room_update AFTER UPDATE ON rooms BEGIN UPDATE queue_version SET version = version + 1; END;
CREATE TRIGGER queue_version_room_delete AFTER DELETE ON rooms BEGIN UPDATE queue_version SET version = version + 1; END;
CREATE TRIGGER queue_version_room_service_insert AFTER INSERT ON room_services BEGIN UPDATE queue_version SET version = version + 1; END;
CREATE TRIGGER queue_version_room_service_update AFTER UPDATE ON room_services BEGIN UPDATE queue_version SET version = version + 1; END;
CREATE TRIGGER queue_version_room_service_delete AFTER DELETE ON room_services BEGIN UPDATE queue_version SET version = version + 1; END;
CREATE TRIGGER queue_version_setting_insert AFTER INSERT ON settings BEGIN UPDATE queue_version SET version = version + 1; END;
CREATE TRIGGER queue_version_setting_update AFTER UPDATE ON settings BEGIN UPDATE queue_version SET version = version + 1; END;
CREATE TRIGGER queue_version_setting_delete AFTER DELETE ON settings BEGIN UPDATE queue_version SET version = version + 1; END;
