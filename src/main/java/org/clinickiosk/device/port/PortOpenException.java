package org.clinickiosk.device.port;

/** A port could not be opened; the message says why in words a person can act on. */
public final class PortOpenException extends Exception {

    private final boolean deviceAbsent;

    /** @param deviceAbsent the device is simply not there (unplugged, powered off), not misconfigured */
    public PortOpenException(String reason, boolean deviceAbsent) {
        super(reason, null, false, false);
        this.deviceAbsent = deviceAbsent;
    }

    public boolean deviceAbsent() { return deviceAbsent; }
}
