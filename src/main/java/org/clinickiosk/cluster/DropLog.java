package org.clinickiosk.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs refused event-bus messages by address and reason, at most once per {@link #QUIET_MILLIS} for the same pair, so a
 * misbehaving node cannot flood the log. Never logs a message body (it may hold a resident's identity).
 */
final class DropLog {
    private static final System.Logger LOG = System.getLogger(DropLog.class.getName());
    static final long QUIET_MILLIS = 10_000;

    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();
    private final Map<String, Integer> suppressed = new ConcurrentHashMap<>();

    void dropped(String address, String reason) {
        String key = address + "\n" + reason;
        long now = System.currentTimeMillis();
        Long last = lastLogged.get(key);
        if (last != null && now - last < QUIET_MILLIS) {
            suppressed.merge(key, 1, Integer::sum);
            return;
        }
        lastLogged.put(key, now);
        Integer more = suppressed.remove(key);
        LOG.log(System.Logger.Level.WARNING, "cluster: refused a message to {0} from another node: {1}{2}", address,
                reason, more == null ? "" : " (and " + more + " more like it)");
    }
}
