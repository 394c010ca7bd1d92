package org.clinickiosk.device.bp;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.clinickiosk.device.DeviceSimulator;

/**
 * A monitor of one model speaking its real bytes. Omron monitors push their record as soon as a behaviour is
 * performed (the resident pressed START on the device). The A&D one waits for the host's start command: it answers
 * with its acknowledgement, then sends the scripted result — at once if one is scripted, else when it is performed.
 *
 * <p>Behaviours: {@code reading} (systolic, diastolic, pulse; optional mean) and {@code error} (code: "E44" for A&D,
 * the one-character ERR value for the HBP-9030; the HBP-9020 has no documented error record).
 */
public final class BpMonitorSimulator implements DeviceSimulator {
    private static final List<String> BEHAVIOURS = List.of("reading", "error");

    private final BpModel model;
    private final Clock clock;
    private final byte[] lastTen = new byte[10];
    private Consumer<byte[]> toHost;
    private byte[] scriptedResult;
    private boolean measuring;

    public BpMonitorSimulator(BpModel model) {
        this(model, Clock.systemDefaultZone());
    }

    public BpMonitorSimulator(BpModel model, Clock clock) {
        this.model = model;
        this.clock = clock;
    }

    @Override
    public synchronized void connect(Consumer<byte[]> toHost) {
        this.toHost = toHost;
    }

    @Override
    public synchronized void fromHost(byte[] data) {
        if (model != BpModel.AND_TM2655) return; // Omron kiosk monitors take no commands
        for (byte b : data) {
            System.arraycopy(lastTen, 1, lastTen, 0, lastTen.length - 1);
            lastTen[lastTen.length - 1] = b;
            if (Arrays.equals(lastTen, AndCommands.start())) {
                toHost.accept(BpRecordFormat.andAcknowledgement());
                measuring = true;
                sendIfReady();
            } else if (Arrays.equals(lastTen, AndCommands.stop())) {
                toHost.accept(BpRecordFormat.andAcknowledgement());
                measuring = false;
            }
        }
    }

    @Override
    public synchronized String perform(String behaviour, Map<String, String> args) {
        LocalDateTime now = LocalDateTime.now(clock);
        byte[] record;
        try {
            record = switch (behaviour) {
                case "reading" -> reading(now, args);
                case "error" -> error(now, args.getOrDefault("code", ""));
                default -> throw new IllegalArgumentException("unknown behaviour '" + behaviour + "', known: " + BEHAVIOURS);
            };
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (model == BpModel.AND_TM2655) {
            scriptedResult = record;
            sendIfReady();
        } else {
            toHost.accept(record);
        }
        return null;
    }

    private void sendIfReady() {
        if (measuring && scriptedResult != null) {
            toHost.accept(scriptedResult);
            scriptedResult = null;
            measuring = false;
        }
    }

    private byte[] reading(LocalDateTime now, Map<String, String> args) {
        int sys = number(args, "systolic"), dia = number(args, "diastolic"), pulse = number(args, "pulse");
        int mean = args.containsKey("mean") ? number(args, "mean") : Math.round(dia + (sys - dia) / 3f);
        return switch (model) {
            case OMRON_HBP9030 -> BpRecordFormat.omron9030Reading(now, sys, dia, pulse);
            case OMRON_HBP9020 -> BpRecordFormat.omron9020Reading(now, sys, mean, dia, pulse);
            case AND_TM2655 -> BpRecordFormat.andReading(now, sys, mean, dia, pulse);
        };
    }

    private byte[] error(LocalDateTime now, String code) {
        return switch (model) {
            case OMRON_HBP9030 -> {
                if (!code.matches("[1-9A-Za-z]")) {
                    throw new IllegalArgumentException("HBP-9030 error code must be one character 1-9 or a letter");
                }
                yield BpRecordFormat.omron9030Error(now, code.charAt(0));
            }
            case OMRON_HBP9020 -> throw new IllegalArgumentException("the HBP-9020 has no documented error record");
            case AND_TM2655 -> {
                if (!code.matches("E\\d\\d") || code.equals("E00")) {
                    throw new IllegalArgumentException("A&D error code must look like E44 (not E00)");
                }
                yield BpRecordFormat.andError(now, code);
            }
        };
    }

    private static int number(Map<String, String> args, String name) {
        String v = args.get(name);
        if (v == null || !v.matches("\\d{1,3}")) {
            throw new IllegalArgumentException("argument '" + name + "' must be a number of 1–3 digits");
        }
        return Integer.parseInt(v);
    }

    @Override
    public List<String> behaviours() { return BEHAVIOURS; }
}
