package org.clinickiosk.bp;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link ResidentAtKiosk} kept in a map: who was identified at which kiosk, set by whoever identifies residents.
 * It serves until the kiosk session is wired in (then nobody fills it and it is dropped), and in tests.
 */
public final class IdentifiedResidents implements ResidentAtKiosk {
    private final Map<String, Long> byKiosk = new ConcurrentHashMap<>();

    public void identified(String kioskId, long residentId) {
        byKiosk.put(kioskId, residentId);
    }

    public void left(String kioskId) {
        byKiosk.remove(kioskId);
    }

    @Override
    public Optional<Long> residentAt(String kioskId) {
        return Optional.ofNullable(byKiosk.get(kioskId));
    }

    @Override
    public void activity(String kioskId) {
        // a map has no idle time-out to reset
    }
}
