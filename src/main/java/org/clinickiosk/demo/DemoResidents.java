package org.clinickiosk.demo;

import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.device.idcard.FictionalIdentities;
import org.clinickiosk.device.idcard.Nations;
import org.clinickiosk.store.Sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The demo's fictional residents: the first two card holders of the simulated reader have health records (the
 * second, aged 70+, gets priority and has an appointment today for chronic-disease follow-up); the others have none,
 * so presenting their cards shows the registration flow. Runs only with "demo": true, and only adds what is missing.
 */
public final class DemoResidents {
    private DemoResidents() {}

    static final int WITH_RECORDS = 2;

    public static void seed(Connection c, ClinicConfig config, List<FictionalIdentities.FictionalCard> cards, Clock clock)
            throws SQLException {
        long now = clock.millis();
        for (int i = 0; i < Math.min(WITH_RECORDS, cards.size()); i++) {
            var card = cards.get(i).text();
            if (Sql.count(c, "SELECT COUNT(*) FROM residents WHERE id_number = ?", card.idNumber()) > 0) continue;
            String recordNumber = config.clinic().divisionCode() + String.format("%08d", 90_000_000 + i + 1);
            Sql.update(c, """
                    INSERT INTO residents (record_number, id_number, name, sex, birth_date, nation, phone, address,
                                           key_groups, health_data_consent_at, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)""",
                    recordNumber, card.idNumber(), card.name(), "1".equals(card.sexCode()) ? "M" : "F",
                    LocalDate.parse(card.birthDate(), java.time.format.DateTimeFormatter.BASIC_ISO_DATE).toString(),
                    Nations.name(card.nationCode()).orElse(null), card.address(),
                    i == 1 ? "[\"elderly\",\"hypertension\"]" : "[]", now, now);
        }
        if (cards.size() < 2) return;
        // the hypertension follow-up of the second card holder: today, in the current half hour, so checking in
        // at the demo kiosk is on time whenever the demo is tried
        Long elderly = Sql.one(c, "SELECT id FROM residents WHERE id_number = ?", rs -> rs.getLong(1),
                cards.get(1).text().idNumber()).orElse(null);
        String service = config.services().stream().anyMatch(s -> s.id().equals("chronic")) ? "chronic" : null;
        if (elderly == null || service == null) return;
        ZonedDateTime local = ZonedDateTime.now(clock.withZone(config.clinic().timezone()));
        ZonedDateTime slot = local.truncatedTo(ChronoUnit.HOURS).plusMinutes(local.getMinute() < 30 ? 0 : 30);
        long start = slot.toInstant().toEpochMilli();
        if (Sql.count(c, "SELECT COUNT(*) FROM appointments WHERE resident_id = ? AND slot_start = ?", elderly, start) == 0) {
            Sql.update(c, "INSERT INTO appointments (resident_id, service_id, slot_start, slot_end, status, created_at) "
                    + "VALUES (?, ?, ?, ?, 'booked', ?)", elderly, service, start, slot.plusMinutes(30).toInstant().toEpochMilli(), now);
        }
    }
}
