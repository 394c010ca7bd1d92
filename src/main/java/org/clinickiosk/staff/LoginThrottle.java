package org.clinickiosk.staff;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed logins per account and per address: after {@link #MAX_FAILURES} failures within
 * {@link #WINDOW_MILLIS}, further attempts are refused until the oldest failure ages out. A success clears the
 * account's count (not the address's: one address guessing many accounts stays limited).
 */
public final class LoginThrottle {
    static final int MAX_FAILURES = 5;
    static final long WINDOW_MILLIS = 15 * 60 * 1000;

    private final Clock clock;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Seconds until another attempt is allowed for this account or address; 0 when allowed now. */
    public long retryAfterSeconds(String username, String address) {
        return Math.max(waitFor("user:" + username), waitFor("addr:" + address));
    }

    public void failed(String username, String address) {
        add("user:" + username);
        add("addr:" + address);
    }

    public void succeeded(String username) {
        failures.remove("user:" + username);
    }

    private long waitFor(String key) {
        Deque<Long> times = failures.get(key);
        if (times == null) return 0;
        synchronized (times) {
            prune(times);
            if (times.size() < MAX_FAILURES) return 0;
            return Math.max(1, (times.peekFirst() + WINDOW_MILLIS - clock.millis() + 999) / 1000);
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
        long cutoff = clock.millis() - WINDOW_MILLIS;
        while (!times.isEmpty() && times.peekFirst() <= cutoff) times.pollFirst();
    }
}
