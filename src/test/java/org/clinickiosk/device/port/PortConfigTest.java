package org.clinickiosk.device.port;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortConfigTest {

    private static PortConfig parse(JsonObject config) {
        return PortConfig.parse("devices.scanner", config);
    }

    private static String error(JsonObject config) {
        return assertThrows(IllegalArgumentException.class, () -> parse(config)).getMessage();
    }

    @Test
    void aSerialPortDefaultsTo9600Baud8N1() {
        PortConfig port = parse(new JsonObject().put("port", "/dev/serial/by-id/usb-Scanner-if00").put("model", "HS-7"));
        assertEquals(PortConfig.Transport.SERIAL, port.transport());
        assertEquals(9600, port.baud());
        assertEquals(8, port.dataBits());
        assertEquals(PortConfig.Parity.NONE, port.parity());
        assertEquals(PortConfig.StopBits.ONE, port.stopBits());
        assertEquals("HS-7", port.model());
        assertEquals("/dev/serial/by-id/usb-Scanner-if00 9600 8N1", port.describe());
    }

    @Test
    void lineSettingsCanBeChanged() {
        PortConfig port = parse(new JsonObject().put("port", "/dev/ttyS0").put("baud", 115200).put("dataBits", 7)
                .put("parity", "even").put("stopBits", 2));
        assertEquals("/dev/ttyS0 115200 7E2", port.describe());
        assertEquals(PortConfig.StopBits.ONE_POINT_FIVE,
                parse(new JsonObject().put("port", "/dev/ttyS0").put("stopBits", "1.5")).stopBits());
    }

    @Test
    void theTransportFollowsFromThePortOrIsGiven() {
        PortConfig printer = parse(new JsonObject().put("port", "tcp://192.168.1.50:9100"));
        assertEquals(PortConfig.Transport.TCP, printer.transport());
        assertEquals("192.168.1.50", printer.tcpHost());
        assertEquals(9100, printer.tcpPort());
        assertEquals(9100, parse(new JsonObject().put("port", "tcp://printer.local")).tcpPort());
        assertEquals(PortConfig.Transport.FILE, parse(new JsonObject().put("port", "/dev/usb/lp1")).transport());
        assertEquals(PortConfig.Transport.SIMULATED, parse(new JsonObject().put("port", "simulated")).transport());
        assertEquals(PortConfig.Transport.FILE, parse(new JsonObject().put("port", "/dev/clinickiosk/printer")
                .put("transport", "file")).transport());
    }

    @Test
    void badValuesAreReportedByKey() {
        assertTrue(error(new JsonObject()).startsWith("devices.scanner.port is required"));
        assertTrue(error(new JsonObject().put("port", 3)).startsWith("devices.scanner.port is required"));
        assertEquals("devices.scanner.port must be an absolute path, got \"ttyUSB0\"",
                error(new JsonObject().put("port", "ttyUSB0")));
        assertEquals("devices.scanner.port must look like tcp://host:9100, got \"tcp://:9100\"",
                error(new JsonObject().put("port", "tcp://:9100")));
        assertEquals("devices.scanner.baud must be a positive whole number, got fast",
                error(new JsonObject().put("port", "/dev/ttyS0").put("baud", "fast")));
        assertEquals("devices.scanner.baud must be a positive whole number, got -9600",
                error(new JsonObject().put("port", "/dev/ttyS0").put("baud", -9600)));
        assertEquals("devices.scanner.dataBits must be 5, 6, 7 or 8, got 9",
                error(new JsonObject().put("port", "/dev/ttyS0").put("dataBits", 9)));
        assertEquals("devices.scanner.parity must be one of none, odd, even, mark, space, got 1",
                error(new JsonObject().put("port", "/dev/ttyS0").put("parity", 1)));
        assertEquals("devices.scanner.stopBits must be 1, 1.5 or 2, got 3",
                error(new JsonObject().put("port", "/dev/ttyS0").put("stopBits", 3)));
        assertEquals("devices.scanner.transport must be one of serial, file, tcp, simulated, got usb",
                error(new JsonObject().put("port", "/dev/ttyS0").put("transport", "usb")));
        assertEquals("devices.scanner.model must be text, got 7",
                error(new JsonObject().put("port", "/dev/ttyS0").put("model", 7)));
    }
}
