package org.clinickiosk.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** A clock tests move by hand: queue rules depend on the time of day, the day, and time between events. */
public final class MutableClock extends Clock {
    private volatile Instant now;

    public MutableClock(Instant start) {
        this.now = start;
    }

    /** 2026-11-23 at the given Shanghai local time. */
    public static MutableClock shanghai(int hour, int minute) {
        return new MutableClock(ZonedDateTime.of(2026, 11, 23, hour, minute, 0, 0, ZoneId.of("Asia/Shanghai")).toInstant());
    }

    public void advance(Duration d) {
        now = now.plus(d);
    }

    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        MutableClock outer = this;
        return new Clock() {
            @Override public ZoneId getZone() { return zone; }
            @Override public Clock withZone(ZoneId z) { return outer.withZone(z); }
            @Override public Instant instant() { return outer.instant(); }
        };
    }
}
