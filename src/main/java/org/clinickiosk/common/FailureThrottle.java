package org.clinickiosk.common;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed attempts per key (an account, an address, a specimen barcode, a kiosk): after {@code maxFailures}
 * failures of one key within {@code windowMillis}, further attempts with it are refused until its oldest failure
 * ages out. Guessing (passwords, birth dates) becomes too slow to matter while a person who mistypes twice is not
 * stopped.
 */
public final class FailureThrottle {
    private final Clock clock;
    private final int maxFailures;
    private final long windowMillis;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    public FailureThrottle(Clock clock, int maxFailures, long windowMillis) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.windowMillis = windowMillis;
    }

    /** Seconds until another attempt is allowed for all of these keys; 0 when allowed now. */
    public long retryAfterSeconds(String... keys) {
        long wait = 0;
        for (String key : keys) wait = Math.max(wait, waitFor(key));
        return wait;
    }

    public void failed(String... keys) {
        for (String key : keys) add(key);
    }

    /** Forgets the failures of this key (a success: the account's owner logged in). */
    public void cleared(String key) {
        failures.remove(key);
    }

    private long waitFor(String key) {
        Deque<Long> times = failures.get(key);
        if (times == null) return 0;
        synchronized (times) {
            prune(times);
            if (times.size() < maxFailures) return 0;
            return Math.max(1, (times.peekFirst() + windowMillis - clock.millis() + 999) / 1000);
        }
    }

    private void add(String key) {
        Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times);
            times.addLast(clock.millis());
        }
    }

    private void prune(Deque<Long> times) {
        long cutoff = clock.millis() - windowMillis;
        while (!times.isEmpty() && times.peekFirst() <= cutoff) times.pollFirst();
    }
}
