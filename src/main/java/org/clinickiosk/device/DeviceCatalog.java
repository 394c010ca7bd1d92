package org.clinickiosk.device;

import io.vertx.core.json.JsonObject;
import org.clinickiosk.device.bp.BpModel;
import org.clinickiosk.device.bp.BpMonitorDriver;
import org.clinickiosk.device.bp.BpMonitorSimulator;
import org.clinickiosk.device.idcard.FictionalIdentities;
import org.clinickiosk.device.idcard.IdCardReaderDriver;
import org.clinickiosk.device.idcard.IdCardSimulator;
import org.clinickiosk.device.port.DeviceDriverFactory;
import org.clinickiosk.device.printer.PaperWidth;
import org.clinickiosk.device.printer.PrinterSimulator;
import org.clinickiosk.device.printer.TicketPrinterDriver;
import org.clinickiosk.device.port.DeviceSimulatorFactory;
import org.clinickiosk.device.scanner.ScannerDriver;
import org.clinickiosk.device.scanner.ScannerSimulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/** Which driver and which simulator serve each device kind: the one place that knows the concrete classes. */
public final class DeviceCatalog {
    private DeviceCatalog() {}

    public static final DeviceDriverFactory DRIVERS = (kind, config) -> switch (kind) {
        case IdCardReaderDriver.KIND -> new IdCardReaderDriver(config);
        case ScannerDriver.KIND -> new ScannerDriver(config);
        // ---- printer and BP monitor, wired for the kiosk (issue 4) ----
        case "printer" -> new TicketPrinterDriver(config);
        case "bpMonitor" -> new BpMonitorDriver(config);
        default -> null;
    };

    public static final DeviceSimulatorFactory SIMULATORS = (kind, config) -> switch (kind) {
        case IdCardReaderDriver.KIND -> new IdCardSimulator(identities(config.getString("identities")), false, new Random());
        case ScannerDriver.KIND -> new ScannerSimulator(Charset.forName(config.getString("charset", "UTF-8")));
        // ---- printer and BP monitor, wired for the kiosk (issue 4) ----
        case "printer" -> new PrinterSimulator(Path.of(config.getString("outputDirectory", "data/printed")),
                PaperWidth.ofMillimetres(config.getInteger("paperWidth", 80)));
        case "bpMonitor" -> new BpMonitorSimulator(BpModel.fromConfigName(config.getString("model", "omron-hbp9030"))
                .orElseThrow(() -> new IllegalArgumentException("unknown bpMonitor model " + config.getString("model"))));
        default -> null;
    };

    /** Kinds that have both a driver and a simulator, in the order the simulator launcher lists them. */
    public static Map<String, Supplier<DeviceSimulator>> simulatorsForLauncher() {
        Map<String, Supplier<DeviceSimulator>> out = new LinkedHashMap<>();
        for (String kind : List.of(IdCardReaderDriver.KIND, ScannerDriver.KIND)) {
            out.put(kind, () -> SIMULATORS.create(kind, new JsonObject()));
        }
        return out;
    }

    /** The fictional card holders: from a file when configured, else the set shipped in the jar. */
    static List<FictionalIdentities.FictionalCard> identities(String file) {
        try {
            if (file != null) return FictionalIdentities.load(Path.of(file));
            try (InputStream in = DeviceCatalog.class.getResourceAsStream("/simulator/idcard/identities.json")) {
                if (in == null) throw new IOException("the built-in fictional identities are missing from the jar");
                return FictionalIdentities.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read simulated identities: " + e.getMessage(), e);
        }
    }
}
