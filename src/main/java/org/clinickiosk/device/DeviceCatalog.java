package org.clinickiosk.device;

import io.vertx.core.json.JsonObject;
import org.clinickiosk.device.bp.BpModel;
import org.clinickiosk.device.bp.BpMonitorDriver;
import org.clinickiosk.device.bp.BpMonitorSimulator;
import org.clinickiosk.device.healthcard.HealthCardReaderVerticle;
import org.clinickiosk.device.idcard.FictionalIdentities;
import org.clinickiosk.device.printer.PaperWidth;
import org.clinickiosk.device.printer.PrinterSimulator;
import org.clinickiosk.device.printer.TicketPrinterDriver;
import org.clinickiosk.device.idcard.IdCardReaderDriver;
import org.clinickiosk.device.idcard.IdCardSimulator;
import org.clinickiosk.device.port.DeviceDriverFactory;
import org.clinickiosk.device.port.DeviceSimulatorFactory;
import org.clinickiosk.device.port.KioskDevices;
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

    public static final String BP_MONITOR = "bpMonitor";
    public static final String PRINTER = "printer";

    public static final DeviceDriverFactory DRIVERS = (kind, config) -> switch (kind) {
        case IdCardReaderDriver.KIND -> new IdCardReaderDriver(config);
        case ScannerDriver.KIND -> new ScannerDriver(config);
        case BP_MONITOR -> new BpMonitorDriver(config);
        case PRINTER -> new TicketPrinterDriver(config);
        default -> null;
    };

    public static final DeviceSimulatorFactory SIMULATORS = (kind, config) -> switch (kind) {
        case IdCardReaderDriver.KIND -> new IdCardSimulator(identities(config.getString("identities")), false, new Random());
        case ScannerDriver.KIND -> new ScannerSimulator(Charset.forName(config.getString("charset", "UTF-8")));
        case BP_MONITOR -> new BpMonitorSimulator(BpModel.fromConfigName(config.getString("model", "and-tm2655"))
                .orElseThrow(() -> new IllegalArgumentException("devices.bpMonitor.model: unknown model")));
        // the simulated printer keeps every job as PNG and text, so a demo visitor can look at what was printed
        case PRINTER -> new PrinterSimulator(Path.of(config.getString("jobsDirectory", "data/printed")),
                config.getInteger("paperWidth", 80) == 58 ? PaperWidth.MM58 : PaperWidth.MM80);
        default -> null;
    };

    /** Kinds that are not byte streams and run their own verticle: the PC/SC resident health card reader. */
    public static final KioskDevices.OwnVerticleFactory OWN_VERTICLES = (kioskId, name, kind, config, states) ->
            HealthCardReaderVerticle.KIND.equals(kind)
                    ? HealthCardReaderVerticle.create(kioskId, name, config, states) : null;

    /** Kinds that have both a driver and a simulator, in the order the simulator launcher lists them. */
    public static Map<String, Supplier<DeviceSimulator>> simulatorsForLauncher() {
        Map<String, Supplier<DeviceSimulator>> out = new LinkedHashMap<>();
        for (String kind : List.of(IdCardReaderDriver.KIND, ScannerDriver.KIND, BP_MONITOR, PRINTER)) {
            out.put(kind, () -> SIMULATORS.create(kind, new JsonObject().put("jobsDirectory", "printed")));
        }
        return out;
    }

    /** The fictional card holders: from a file when configured, else the set shipped in the jar. */
    public static List<FictionalIdentities.FictionalCard> identities(String file) {
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
