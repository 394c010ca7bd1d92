package org.clinickiosk.device.scanner;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.Charset;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.clinickiosk.device.DeviceDriver;
import org.clinickiosk.device.DeviceLink;
import org.clinickiosk.device.DeviceState;

/**
 * Drives a barcode/QR scanner in serial mode: publishes {@code scan} {category, text, value} for every scan and
 * {@code scan-error} {reason} for one that was too long. Requests {@code trigger-start} / {@code trigger-stop} send
 * the Honeywell host trigger. Scan texts are never logged (health-card tokens identify people).
 */
public final class ScannerDriver implements DeviceDriver {

    public static final String KIND = "scanner";

    private static final Logger LOG = Logger.getLogger(ScannerDriver.class.getName());

    private final ScannerSettings settings;
    private final ScanClassifier classifier;
    private ScanFramer framer;
    private DeviceLink link;

    public ScannerDriver(ScannerSettings settings) {
        this.settings = settings;
        this.classifier = new ScanClassifier(settings.healthCardPattern(), settings.labSpecimenPattern());
    }

    /** From the device's config object; see {@link #settingsFrom}. */
    public ScannerDriver(JsonObject config) {
        this(settingsFrom(config));
    }

    /** Reads charset, prefix, suffix, maxLength, healthCardPattern, labSpecimenPattern; missing keys keep defaults. */
    public static ScannerSettings settingsFrom(JsonObject config) {
        ScannerSettings d = ScannerSettings.defaults();
        return new ScannerSettings(
                Charset.forName(config.getString("charset", d.charset().name())),
                config.getString("prefix", d.prefix()),
                config.getString("suffix", d.suffix()),
                config.getInteger("maxLength", d.maxLength()),
                Pattern.compile(config.getString("healthCardPattern", d.healthCardPattern().pattern())),
                Pattern.compile(config.getString("labSpecimenPattern", d.labSpecimenPattern().pattern())));
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void opened(DeviceLink link) {
        this.link = link;
        // a fresh port starts a fresh line: bytes of a scan cut off by a replug are not glued to the next one
        this.framer = new ScanFramer(settings.charset(), settings.prefix(), settings.suffix(), settings.maxLength());
        // a serial scanner has no status query: an open port is all we can know
        link.state(DeviceState.connected());
    }

    @Override
    public void received(byte[] data) {
        if (link == null) return;
        for (ScanFramer.Result result : framer.feed(data)) {
            if (result instanceof ScanFramer.Scan scan) {
                ClassifiedScan classified = classifier.classify(scan.text());
                LOG.fine(() -> "scan: " + classified);
                link.publish("scan", new JsonObject()
                        .put("category", classified.category().jsonName())
                        .put("text", classified.text())
                        .put("value", classified.value()));
            } else if (result instanceof ScanFramer.Overlong overlong) {
                link.publish("scan-error", new JsonObject().put("reason",
                        "scan of " + overlong.discardedBytes() + " bytes exceeds the limit of "
                                + settings.maxLength() + " and was ignored"));
            }
        }
    }

    @Override
    public void closed(String reason) {
        if (link != null) link.state(DeviceState.disconnected(reason));
        link = null;
    }

    @Override
    public Future<JsonObject> request(String action, JsonObject body) {
        if (link == null) return Future.failedFuture("the scanner is not connected");
        switch (action) {
            case "trigger-start" -> link.send(HoneywellTrigger.start());
            case "trigger-stop" -> link.send(HoneywellTrigger.stop());
            default -> {
                return DeviceDriver.super.request(action, body);
            }
        }
        return Future.succeededFuture(new JsonObject().put("sent", action));
    }
}
