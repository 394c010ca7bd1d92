package org.clinickiosk.device.idcard;

/** The card kinds a SAM reader reads, told apart by the flag at byte 248 of the text block. */
public enum CardType {
    RESIDENT_ID("resident"),
    FOREIGNER_PERMANENT_RESIDENCE("foreignerPermanentResidence"),
    HK_MACAU_TAIWAN_RESIDENCE("hkMacauTaiwanResidence");

    private final String jsonName;

    CardType(String jsonName) { this.jsonName = jsonName; }

    /** The name used in events and in the identities file. */
    public String jsonName() { return jsonName; }

    public static CardType fromJsonName(String name) {
        for (CardType t : values()) {
            if (t.jsonName.equals(name)) return t;
        }
        throw new IllegalArgumentException("unknown card type '" + name + "'");
    }
}
