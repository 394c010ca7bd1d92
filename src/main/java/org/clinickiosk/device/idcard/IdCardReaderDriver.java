package org.clinickiosk.device.idcard;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.clinickiosk.device.DeviceDriver;
import org.clinickiosk.device.DeviceLink;
import org.clinickiosk.device.DeviceState;

/**
 * Drives a SAM ID card reader: runs {@link IdCardReaderProtocol} on the link's Vert.x timers and publishes
 * {@code identified} (full identity, masked by the server before display) and {@code card-error} {reason}.
 * Names and ID numbers are never logged.
 */
public final class IdCardReaderDriver implements DeviceDriver {

    public static final String KIND = "idCardReader";

    private static final Logger LOG = Logger.getLogger(IdCardReaderDriver.class.getName());

    private final IdCardReaderProtocol protocol;
    private DeviceLink link;
    private long timerId = -1;

    public IdCardReaderDriver(IdCardReaderSettings settings, Clock clock) {
        this.protocol = new IdCardReaderProtocol(settings, clock);
    }

    /** From the device's config object; see {@link #settingsFrom}. */
    public IdCardReaderDriver(JsonObject config) {
        this(settingsFrom(config), Clock.systemDefaultZone());
    }

    /**
     * Reads pollIntervalMs, replyTimeoutMs, retryIntervalMs, maxReadAttempts, readFingerprint, readAppendedAddress,
     * foreignerPermitPattern and maxFrameLength; missing keys keep their defaults.
     */
    public static IdCardReaderSettings settingsFrom(JsonObject config) {
        IdCardReaderSettings d = IdCardReaderSettings.defaults();
        return new IdCardReaderSettings(
                config.getLong("pollIntervalMs", d.pollIntervalMs()),
                config.getLong("replyTimeoutMs", d.replyTimeoutMs()),
                config.getLong("retryIntervalMs", d.retryIntervalMs()),
                config.getInteger("maxReadAttempts", d.maxReadAttempts()),
                config.getBoolean("readFingerprint", d.readFingerprint()),
                config.getBoolean("readAppendedAddress", d.readAppendedAddress()),
                Pattern.compile(config.getString("foreignerPermitPattern", d.foreignerPermitPattern().pattern())),
                config.getInteger("maxFrameLength", d.maxFrameLength()));
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void opened(DeviceLink link) {
        this.link = link;
        apply(protocol.start(now()));
    }

    @Override
    public void received(byte[] data) {
        if (link != null) apply(protocol.received(data, now()));
    }

    @Override
    public void closed(String reason) {
        cancelTimer();
        protocol.stop();
        if (link != null) link.state(DeviceState.disconnected(reason));
        link = null;
    }

    /** The identified event's body. validTo is null and longTerm true for a card that never expires. */
    public static JsonObject identityJson(Identity identity) {
        JsonObject json = new JsonObject()
                .put("cardType", identity.cardType().jsonName())
                .put("name", identity.name())
                .put("sex", identity.sex().jsonName())
                .put("birthDate", identity.birthDate().toString())
                .put("nation", identity.nation())
                .put("address", identity.address())
                .put("idNumber", identity.idNumber())
                .put("issuingAuthority", identity.issuingAuthority())
                .put("validFrom", identity.validFrom().toString())
                .put("validTo", identity.longTerm() ? null : identity.validTo().toString())
                .put("longTerm", identity.longTerm())
                .put("expired", identity.expired());
        switch (identity.cardType()) {
            case FOREIGNER_PERMANENT_RESIDENCE -> json
                    .put("englishName", identity.englishName())
                    .put("nationality", identity.nationality());
            case HK_MACAU_TAIWAN_RESIDENCE -> json
                    .put("passNumber", identity.passNumber())
                    .put("issueCount", identity.issueCount());
            case RESIDENT_ID -> { }
        }
        if (!identity.appendedAddress().isEmpty()) json.put("appendedAddress", identity.appendedAddress());
        return json;
    }

    private void apply(IdCardReaderProtocol.Reaction reaction) {
        if (link == null) return;
        reaction.toSend().forEach(link::send);
        for (IdCardReaderProtocol.Event event : reaction.events()) {
            if (event instanceof IdCardReaderProtocol.Identified identified) {
                LOG.fine(() -> "card read: " + identified.identity());
                link.publish("identified", identityJson(identified.identity()));
            } else if (event instanceof IdCardReaderProtocol.CardError error) {
                LOG.info(() -> "card not accepted: " + error.reason());
                link.publish("card-error", new JsonObject().put("reason", error.reason()));
            } else if (event instanceof IdCardReaderProtocol.ReaderReady ready) {
                LOG.info(() -> "ID card reader ready, SAM id " + ready.samId());
                link.state(DeviceState.connected());
            } else if (event instanceof IdCardReaderProtocol.ReaderFault fault) {
                LOG.warning(() -> "ID card reader fault: " + fault.reason());
                link.state(DeviceState.error(fault.reason()));
            }
        }
        cancelTimer();
        reaction.wakeAtMs().ifPresent(at -> timerId = link.vertx().setTimer(Math.max(1, at - now()), id -> {
            timerId = -1;
            apply(protocol.tick(now()));
        }));
    }

    private void cancelTimer() {
        if (timerId >= 0 && link != null) link.vertx().cancelTimer(timerId);
        timerId = -1;
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }
}
