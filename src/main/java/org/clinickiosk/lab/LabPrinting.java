package org.clinickiosk.lab;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.device.DeviceAddresses;
import org.clinickiosk.stream.KioskStream;
import org.clinickiosk.web.Actor;
import org.clinickiosk.web.ApiException;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Printing a lab report for a resident: the whole report on the A4 printer over IPP when {@code printers.a4.uri} is
 * set, otherwise a summary slip on the kiosk's own ticket printer ({@code print-slip} on the kiosk's printer
 * request address). Each print takes one of the allowed prints first, and its outcome is recorded and audited;
 * a failure is told to the caller with its reason and published on {@link #FAILURES} for staff screens and on
 * the kiosk's stream.
 */
public final class LabPrinting {
    /** Event-bus address of failed lab prints: {reportId, printId, kioskId, printer, reason}. */
    public static final String FAILURES = "lab.print.failed";
    /** Lines a slip keeps for results (the printer driver takes at most 60 in all). */
    static final int SLIP_RESULT_LINES = 40;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final Vertx vertx;
    private final LabService lab;
    private final ClinicConfig.A4Printer a4;
    private final IppPrinter ipp;
    private final String clinicName;
    private final ZoneId zone;
    private final Clock clock;

    public LabPrinting(Vertx vertx, LabService lab, ClinicConfig.A4Printer a4, String clinicName, ZoneId zone,
                       Clock clock) {
        this.vertx = vertx;
        this.lab = lab;
        this.a4 = a4;
        this.ipp = a4.uri() == null ? null : new IppPrinter(vertx, a4.uri(), a4.jobTimeoutSeconds());
        this.clinicName = clinicName;
        this.zone = zone;
        this.clock = clock;
    }

    /** With an A4 printer set, its font must load now rather than at the first resident's print. */
    public Future<Void> checkFont() {
        if (ipp == null) return Future.succeededFuture();
        return vertx.executeBlocking(() -> {
            ReportPdf.checkFont(Path.of(a4.fontPath()));
            return null;
        });
    }

    public Future<Void> close() {
        return ipp == null ? Future.succeededFuture() : ipp.close();
    }

    /**
     * Prints a report. {@code kioskId} is the kiosk whose slip printer is used when there is no A4 printer (a
     * kiosk's own id; staff name one). Succeeds with the outcome; a failed print fails with a 502 carrying the reason.
     */
    public Future<JsonObject> print(long reportId, String kioskId, Actor actor) {
        String printer = ipp != null ? "a4" : "slip";
        if (ipp == null && kioskId == null) {
            return Future.failedFuture(ApiException.badRequest("kiosk_required", "no A4 printer is configured "
                    + "(printers.a4.uri): name the kiosk whose slip printer to use"));
        }
        return lab.reservePrint(reportId, printer, actor).compose(job -> {
            Future<JsonObject> printed = ipp != null ? printA4(job) : printSlip(job, kioskId);
            return printed.transform(outcome -> {
                if (outcome.succeeded()) {
                    JsonObject result = outcome.result();
                    return lab.finishPrint(job, actor, true, null, result.getString("jobId"), result.getInteger("pages"))
                            .map(v -> result.put("printed", true).put("printer", printer).put("reportId", reportId)
                                    .put("printsLeft", Math.max(0, lab.allowedPrints() - job.printsBefore() - 1)));
                }
                String reason = outcome.cause().getMessage();
                JsonObject failure = new JsonObject().put("reportId", reportId).put("printId", job.printId())
                        .put("kioskId", kioskId).put("printer", printer).put("reason", reason);
                vertx.eventBus().publish(FAILURES, failure);
                if (kioskId != null) {
                    vertx.eventBus().publish(KioskStream.uiAddress(kioskId), failure.copy().put("type", "lab-print-failed"));
                }
                return lab.finishPrint(job, actor, false, reason, null, null).transform(v -> Future.failedFuture(
                        new ApiException(502, "print_failed", "the report was not printed: " + reason
                                + ". It does not count as a print; staff have been told.")));
            });
        });
    }

    private Future<JsonObject> printA4(LabService.PrintJob job) {
        Instant now = Instant.ofEpochMilli(clock.millis());
        return vertx.executeBlocking(() -> ReportPdf.render(Path.of(a4.fontPath()), clinicName, job.report(),
                        job.resident(), now, zone))
                .compose(rendered -> ipp.print(rendered.pdf(), "lab-report-" + job.reportId())
                        .map(done -> new JsonObject().put("jobId", String.valueOf(done.jobId()))
                                .put("pages", rendered.pages())));
    }

    private Future<JsonObject> printSlip(LabService.PrintJob job, String kioskId) {
        JsonObject request = new JsonObject().put("action", "print-slip").put("body", new JsonObject()
                .put("title", "检验报告（摘要）").put("lines", new JsonArray(slipLines(job))));
        return vertx.eventBus().<JsonObject>request(DeviceAddresses.requests(kioskId, "printer"), request,
                        new DeliveryOptions().setSendTimeout(30_000))
                .recover(e -> Future.failedFuture(new IllegalStateException(e instanceof ReplyException r
                        && r.failureType() == ReplyFailure.NO_HANDLERS ? "kiosk " + kioskId + " has no printer"
                        : "the kiosk printer did not print: " + e.getMessage())))
                .compose(reply -> {
                    JsonObject outcome = reply.body();
                    if (Boolean.TRUE.equals(outcome.getBoolean("printed"))) return Future.succeededFuture(new JsonObject());
                    return Future.failedFuture(new IllegalStateException("the kiosk printer did not print: "
                            + outcome.getString("reason", outcome.getString("code", "unknown reason"))));
                });
    }

    /** The slip: who (masked), which report, then one line per result with its flag and range. */
    List<String> slipLines(LabService.PrintJob job) {
        JsonObject report = job.report();
        JsonObject resident = job.resident();
        List<String> lines = new ArrayList<>();
        lines.add(clinicName);
        lines.add("姓名 " + resident.getString("nameMasked") + "  " + resident.getString("idNumberMasked"));
        lines.add("项目 " + (report.getString("testName") == null ? report.getString("testCode") : report.getString("testName")));
        lines.add("条码 " + report.getString("specimenBarcode"));
        lines.add("报告 " + TIME.format(Instant.ofEpochMilli(report.getLong("reportedAt")).atZone(zone))
                + ("corrected".equals(report.getString("status")) ? " 更正报告" : ""));
        lines.add("------------------------------");
        JsonArray results = report.getJsonArray("results");
        for (int i = 0; i < results.size(); i++) {
            if (i == SLIP_RESULT_LINES) {
                lines.add("……另有 " + (results.size() - i) + " 项，请到服务台打印完整报告");
                break;
            }
            JsonObject r = results.getJsonObject(i);
            String flag = r.getString("flag");
            lines.add((r.getString("name") == null ? r.getString("code") : r.getString("name")) + " "
                    + r.getString("value") + (r.getString("units") == null ? "" : " " + r.getString("units"))
                    + (LabReport.isAbnormal(flag) ? " [" + flag + "]" : "")
                    + (r.getString("referenceRange") == null ? "" : " (" + r.getString("referenceRange") + ")"));
        }
        lines.add("------------------------------");
        lines.add("[H]偏高 [L]偏低；摘要仅供参考，以完整报告为准");
        return lines;
    }
}
