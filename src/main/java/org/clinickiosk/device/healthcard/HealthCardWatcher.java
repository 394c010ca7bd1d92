package org.clinickiosk.device.healthcard;

import org.clinickiosk.device.DeviceState;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The reader's blocking loop body: wait for a card, read it once, wait until it is taken out. Each {@link #step}
 * blocks for at most about the poll time, so the verticle can stop between steps. Steps must not run concurrently.
 */
final class HealthCardWatcher {

    /** What one step saw: the reader's state and, when a card was just read, its outcome. */
    record Observation(DeviceState state, HealthCardReading.Outcome card) {}

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final CardSource source;
    private final HealthCardProfile profile;
    private final long pollMs;
    private final Clock clock;
    /** The card in the reader has been read: the next event needs it out and a card in again. */
    private boolean cardRead;

    HealthCardWatcher(CardSource source, HealthCardProfile profile, long pollMs, Clock clock) {
        this.source = source;
        this.profile = profile;
        this.pollMs = pollMs;
        this.clock = clock;
    }

    Observation step() {
        try {
            if (cardRead) {
                if (source.awaitRemoval(pollMs)) cardRead = false;
                return new Observation(DeviceState.connected(), null);
            }
            if (!source.awaitCard(pollMs)) return new Observation(DeviceState.connected(), null);
            cardRead = true;
            return new Observation(DeviceState.connected(), readCard());
        } catch (CardSource.Unavailable e) {
            // a card still in the reader when it comes back counts as a new presentation
            cardRead = false;
            return new Observation(e.state(), null);
        }
    }

    private HealthCardReading.Outcome readCard() throws CardSource.Unavailable {
        try (CardSource.Session card = source.connect()) {
            return HealthCardReading.read(profile, card, LocalDate.now(clock.withZone(CHINA)));
        } catch (ApduChannel.CardIoException e) {
            return new HealthCardReading.Unreadable("the card is unreadable: " + e.getMessage());
        }
    }
}
