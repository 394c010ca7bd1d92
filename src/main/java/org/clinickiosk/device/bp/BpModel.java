package org.clinickiosk.device.bp;

import java.util.Arrays;
import java.util.Optional;

/** The monitor models we decode, by the name used in the device config ({@code model} setting). */
public enum BpModel {
    OMRON_HBP9030("omron-hbp9030", "Omron HBP-9030"),
    OMRON_HBP9020("omron-hbp9020", "Omron HBP-9020"),
    AND_TM2655("and-tm2655", "A&D TM-2655P/2657P");

    private final String configName;
    private final String displayName;

    BpModel(String configName, String displayName) {
        this.configName = configName;
        this.displayName = displayName;
    }

    public String configName() { return configName; }

    public String displayName() { return displayName; }

    /** Only the A&D models accept a start command; Omron kiosk monitors start from their own button. */
    public boolean remoteStart() { return this == AND_TM2655; }

    public static Optional<BpModel> fromConfigName(String name) {
        return Arrays.stream(values()).filter(m -> m.configName.equals(name)).findFirst();
    }
}
