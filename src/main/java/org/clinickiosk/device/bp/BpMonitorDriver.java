package org.clinickiosk.device.bp;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.device.DeviceDriver;
import org.clinickiosk.device.DeviceLink;
import org.clinickiosk.device.DeviceState;

/**
 * Blood-pressure monitor session: decodes the monitor's records into {@code reading} / {@code measurement-error}
 * events and, for A&D monitors, sends start/stop commands and waits for their acknowledgement.
 *
 * <p>Settings: {@code model} (omron-hbp9030 | omron-hbp9020 | and-tm2655), {@code ackTimeoutMs} (default 2000),
 * {@code hbp9020} {systolicField, diastolicField, pulseField, meanField (-1 = none), fieldCount} (defaults 4, 6, 7,
 * 5, 9). The baud rate belongs to the port settings.
 */
public final class BpMonitorDriver implements DeviceDriver {
    static final long DEFAULT_ACK_TIMEOUT_MS = 2000;

    private final BpModel model;
    private final BpRecordParser parser;
    private final long ackTimeoutMs;
    private DeviceLink link;
    private PendingCommand pending;

    private record PendingCommand(String action, Promise<JsonObject> promise, long timer) {}

    public BpMonitorDriver(JsonObject settings) {
        String name = settings.getString("model", "");
        this.model = BpModel.fromConfigName(name).orElseThrow(() -> new IllegalArgumentException(
                "bpMonitor model '" + name + "' is not one of omron-hbp9030, omron-hbp9020, and-tm2655"));
        this.parser = BpRecordParser.forModel(model, layout(settings.getJsonObject("hbp9020", new JsonObject())));
        this.ackTimeoutMs = settings.getLong("ackTimeoutMs", DEFAULT_ACK_TIMEOUT_MS);
    }

    private static OmronHbp9020Layout layout(JsonObject s) {
        OmronHbp9020Layout d = OmronHbp9020Layout.DEFAULT;
        return new OmronHbp9020Layout(s.getInteger("systolicField", d.systolic()),
                s.getInteger("diastolicField", d.diastolic()), s.getInteger("pulseField", d.pulse()),
                s.getInteger("meanField", d.mean()), s.getInteger("fieldCount", d.fieldCount()));
    }

    @Override
    public String kind() { return "bpMonitor"; }

    @Override
    public void opened(DeviceLink link) {
        this.link = link;
        link.state(DeviceState.connected());
    }

    @Override
    public void received(byte[] data) {
        for (BpEvent event : parser.feed(data)) {
            if (event instanceof BpReading r) link.publish("reading", readingJson(r));
            else if (event instanceof BpMeasurementError e) link.publish("measurement-error", errorJson(e));
            else acknowledged();
        }
    }

    @Override
    public void closed(String reason) {
        fail("the monitor was disconnected: " + reason);
    }

    @Override
    public Future<JsonObject> request(String action, JsonObject body) {
        return switch (action) {
            case "start" -> command(action, AndCommands.start());
            case "stop" -> command(action, AndCommands.stop());
            default -> DeviceDriver.super.request(action, body);
        };
    }

    private Future<JsonObject> command(String action, byte[] bytes) {
        if (!model.remoteStart()) {
            return Future.failedFuture("The " + model.displayName() + " cannot be started or stopped remotely: "
                    + "the resident presses START on the monitor");
        }
        if (link == null) return Future.failedFuture("the monitor is not connected");
        if (pending != null) {
            return Future.failedFuture("a '" + pending.action() + "' command is still waiting for the monitor's answer");
        }
        Promise<JsonObject> promise = Promise.promise();
        long timer = link.vertx().setTimer(ackTimeoutMs, id -> fail("The monitor did not acknowledge '" + action
                + "' within " + ackTimeoutMs + " ms; check that it is switched on and the cable is connected"));
        pending = new PendingCommand(action, promise, timer);
        link.send(bytes);
        return promise.future();
    }

    private void acknowledged() {
        if (pending == null) return; // a late ACK after a time-out: nothing waits for it any more
        PendingCommand done = pending;
        pending = null;
        link.vertx().cancelTimer(done.timer());
        done.promise().complete(new JsonObject().put("accepted", true).put("command", done.action()));
    }

    private void fail(String reason) {
        if (pending == null) return;
        PendingCommand failed = pending;
        pending = null;
        if (link != null) link.vertx().cancelTimer(failed.timer());
        failed.promise().fail(reason);
    }

    static JsonObject readingJson(BpReading r) {
        JsonObject json = new JsonObject().put("systolic", r.systolic()).put("diastolic", r.diastolic())
                .put("pulse", r.pulse());
        if (r.meanArterialPressure() != null) json.put("mean", r.meanArterialPressure());
        if (r.deviceTime() != null) json.put("deviceTime", r.deviceTime().toString());
        return json.put("model", r.model().configName()).put("raw", r.raw());
    }

    static JsonObject errorJson(BpMeasurementError e) {
        JsonObject json = new JsonObject().put("code", e.code().key()).put("reason", e.reason());
        if (e.deviceCode() != null) json.put("deviceCode", e.deviceCode());
        return json.put("model", e.model().configName()).put("raw", e.raw());
    }
}
