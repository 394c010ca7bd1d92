package org.clinickiosk.device;

/**
 * Event-bus addresses, always scoped by kiosk id so a kiosk's device verticles can run on that kiosk's own PC in a
 * clustered deployment and still reach only its own page.
 */
public final class DeviceAddresses {
    private DeviceAddresses() {}

    /** Every device event of one kiosk (JSON with kind, type, kioskId, ...), published. */
    public static String events(String kioskId) {
        return "kiosk." + kioskId + ".device.events";
    }

    /** Request/reply to one device of a kiosk: message body {action, body}, reply JSON or a failure. */
    public static String requests(String kioskId, String kind) {
        return "kiosk." + kioskId + ".device." + kind + ".requests";
    }
}
