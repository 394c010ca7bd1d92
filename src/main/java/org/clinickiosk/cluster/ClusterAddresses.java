package org.clinickiosk.cluster;

/** Event-bus addresses of the clustered deployment; every kiosk-scoped address starts with "kiosk.{id}.". */
public final class ClusterAddresses {
    private ClusterAddresses() {}

    private static final String KIOSK_PREFIX = "kiosk.";

    /** A kiosk node's heartbeat, published with its devices' states: {kioskId, boot, devices: {kind: {status, reason?}}}. */
    public static String heartbeat(String kioskId) {
        return KIOSK_PREFIX + kioskId + ".node.heartbeat";
    }

    /** The kiosk id of a kiosk-scoped address ("kiosk.K2.device.events" → "K2"); null for any other address. */
    public static String kioskOf(String address) {
        if (address == null || !address.startsWith(KIOSK_PREFIX)) return null;
        int end = address.indexOf('.', KIOSK_PREFIX.length());
        return end <= KIOSK_PREFIX.length() ? null : address.substring(KIOSK_PREFIX.length(), end);
    }
}
