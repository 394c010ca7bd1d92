package org.clinickiosk.lab;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.v251.datatype.CE;
import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.datatype.CWE;
import ca.uhn.hl7v2.model.v251.datatype.IS;
import ca.uhn.hl7v2.model.v251.datatype.SN;
import ca.uhn.hl7v2.model.v251.datatype.XCN;
import ca.uhn.hl7v2.model.v251.datatype.XPN;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_OBSERVATION;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_PATIENT_RESULT;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_SPECIMEN;
import ca.uhn.hl7v2.model.v251.message.ACK;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.util.idgenerator.NanoTimeGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * HL7 v2.5.1 ORU^R01 messages in, ACK messages out, with HAPI's parser and ACK generation. HAPI parsers are not
 * thread-safe: one instance belongs to one thread (the lab listener's single HL7 worker).
 *
 * <p>Strict: every field we keep is checked, and a problem is reported naming the segment and field
 * ({@code OBX 2 (GLU): OBX-5 value "abc" is not a number}), so the lab can fix and resend.
 */
public final class OruMessages {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
    /** HL7 DTM with milliseconds and the zone offset: 20261123090000.000+0800. */
    private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSxx");

    /** A message HAPI could read: its header (for the ACK) and, for an ORU^R01, the reports in it. */
    public record Parsed(Message message, String sender, String controlId, List<LabReport> reports) {}

    private final PipeParser parser;
    private final ZoneId zone;
    private final Clock clock;

    public OruMessages(ZoneId zone, Clock clock) {
        HapiContext context = new DefaultHapiContext();
        // HAPI's rules stop at the first bad primitive without saying where; ours name the segment and field.
        context.setValidationContext(ValidationContextFactory.noValidation());
        // The default generator writes an id_file into the working directory.
        context.getParserConfiguration().setIdGenerator(new NanoTimeGenerator());
        this.parser = context.getPipeParser();
        this.zone = zone;
        this.clock = clock;
    }

    /** The ACK for a message that had no readable MSH at all: AR, with no control id to refer to. */
    public String rejectUnreadable(String reason) {
        try {
            // Made through our context so its id generator (not HAPI's default id_file) numbers it.
            ACK ack = parser.getHapiContext().newMessage(ACK.class);
            ack.initQuickstart("ACK", null, "P");
            ack.getMSA().getAcknowledgmentCode().setValue(AcknowledgmentCode.AR.name());
            new HL7Exception(reason, ErrorCode.APPLICATION_INTERNAL_ERROR).populateResponse(ack, AcknowledgmentCode.AR, 0);
            ack.getERR().getUserMessage().setValue(reason);
            return encodeAck(ack);
        } catch (HL7Exception | IOException e) {
            throw new IllegalStateException("cannot build an ACK", e);
        }
    }

    /**
     * Reads one message. Fails with {@link LabImportException} (refused: AR, invalid: AE) carrying the header to
     * acknowledge, or with plain {@link LabImportException} without a header when not even MSH was readable.
     */
    public Parsed parse(String text) throws Unacceptable {
        String normalised = text.replace("\r\n", "\r").replace('\n', '\r').strip();
        if (!normalised.startsWith("MSH")) {
            throw new Unacceptable(null, LabImportException.refused("not an HL7 v2 message: it must start with MSH"));
        }
        int end = normalised.indexOf('\r');
        Message header;
        try {
            header = parser.parse(end < 0 ? normalised : normalised.substring(0, end));
        } catch (HL7Exception e) {
            throw new Unacceptable(null, LabImportException.refused("the MSH segment cannot be read: "
                    + e.getMessage()));
        }
        String[] type = headerType(header);
        if (!"ORU".equals(type[0]) || !"R01".equals(type[1])) {
            throw new Unacceptable(header, LabImportException.refused("message type " + type[0] + "^" + type[1]
                    + " is not taken here: send results as ORU^R01"));
        }
        if (!"2.5.1".equals(header.getVersion())) {
            throw new Unacceptable(header, LabImportException.refused("HL7 version " + header.getVersion()
                    + " is not taken here: send version 2.5.1"));
        }
        ORU_R01 oru;
        try {
            oru = (ORU_R01) parser.parse(normalised);
        } catch (HL7Exception | ClassCastException e) {
            throw new Unacceptable(header, LabImportException.invalid("the message cannot be parsed: " + e.getMessage()));
        }
        MSH msh = oru.getMSH();
        String controlId = msh.getMessageControlID().getValue();
        if (blank(controlId)) {
            throw new Unacceptable(oru, LabImportException.refused("MSH-10 (message control id) is missing"));
        }
        String sender = join(msh.getSendingApplication().getNamespaceID().getValue(),
                msh.getSendingFacility().getNamespaceID().getValue());
        try {
            return new Parsed(oru, sender, controlId, reports(oru, msh));
        } catch (LabImportException e) {
            throw new Unacceptable(oru, e);
        } catch (HL7Exception e) {
            throw new Unacceptable(oru, LabImportException.invalid("the message cannot be read: " + e.getMessage()));
        }
    }

    /** A message we do not take, with what to acknowledge: {@code header} is null when MSH was unreadable. */
    public static final class Unacceptable extends Exception {
        private final transient Message header;
        private final LabImportException reason;

        Unacceptable(Message header, LabImportException reason) {
            super(reason.getMessage(), null, false, false);
            this.header = header;
            this.reason = reason;
        }

        public LabImportException reason() {
            return reason;
        }
    }

    /** AA for a stored message. */
    public String accept(Parsed parsed) {
        try {
            return encodeAck(parsed.message().generateACK());
        } catch (HL7Exception | IOException e) {
            throw new IllegalStateException("cannot build an ACK", e);
        }
    }

    /** AE (content) or AR (refused) with the reason in ERR-3 and ERR-8. */
    public String reject(Message header, LabImportException reason) {
        if (header == null) return rejectUnreadable(reason.getMessage());
        AcknowledgmentCode code = reason.refused() ? AcknowledgmentCode.AR : AcknowledgmentCode.AE;
        ErrorCode error = reason.refused() ? ErrorCode.UNSUPPORTED_MESSAGE_TYPE : ErrorCode.DATA_TYPE_ERROR;
        try {
            Message ack = header.generateACK(code, new HL7Exception(reason.getMessage(), error));
            if (ack instanceof ACK v251) v251.getERR().getUserMessage().setValue(reason.getMessage());
            return encodeAck(ack);
        } catch (HL7Exception | IOException e) {
            throw new IllegalStateException("cannot build an ACK", e);
        }
    }

    public String reject(Unacceptable unacceptable) {
        return reject(unacceptable.header, unacceptable.reason);
    }

    /**
     * Encodes an ACK with MSH-7 set to now in the clinic's zone, with its offset: HAPI writes the JVM's default zone
     * (UTC on our servers), while the lab system works in the clinic's local time.
     */
    private String encodeAck(Message ack) throws HL7Exception {
        new Terser(ack).set("/MSH-7", ZonedDateTime.now(clock.withZone(zone)).format(HL7_TIME));
        return parser.encode(ack);
    }

    private static String[] headerType(Message header) {
        try {
            Terser terser = new Terser(header);
            return new String[]{nullToEmpty(terser.get("/MSH-9-1")), nullToEmpty(terser.get("/MSH-9-2"))};
        } catch (HL7Exception e) {
            return new String[]{"", ""};
        }
    }

    // ---- content ----------------------------------------------------------------------------------------------

    private List<LabReport> reports(ORU_R01 oru, MSH msh) throws HL7Exception, LabImportException {
        List<LabReport> reports = new ArrayList<>();
        Long messageTime = optionalTime(msh.getDateTimeOfMessage().getTime().getValue(), "MSH-7");
        List<ORU_R01_PATIENT_RESULT> patients = oru.getPATIENT_RESULTAll();
        for (int p = 0; p < patients.size(); p++) {
            ORU_R01_PATIENT_RESULT patientResult = patients.get(p);
            PID pid = patientResult.getPATIENT().getPID();
            if (pid.isEmpty()) throw LabImportException.invalid("patient result " + (p + 1) + " has no PID segment");
            LabReport.Patient patient = patient(pid);
            List<ORU_R01_ORDER_OBSERVATION> orders = patientResult.getORDER_OBSERVATIONAll();
            for (int o = 0; o < orders.size(); o++) {
                reports.add(report(orders.get(o), o + 1, patient, messageTime));
            }
        }
        if (reports.isEmpty()) throw LabImportException.invalid("the message holds no OBR (no report)");
        return reports;
    }

    private LabReport.Patient patient(PID pid) throws LabImportException {
        List<LabReport.Identifier> ids = new ArrayList<>();
        for (CX cx : pid.getPatientIdentifierList()) {
            String value = cx.getIDNumber().getValue();
            String type = cx.getIdentifierTypeCode().getValue();
            if (blank(value)) continue;
            if (blank(type)) {
                throw LabImportException.invalid("PID-3 identifier without a type (PID-3.5): each identifier "
                        + "needs its type, e.g. NNCHN for an ID number");
            }
            ids.add(new LabReport.Identifier(type.strip(), value.strip()));
        }
        if (ids.isEmpty()) throw LabImportException.invalid("PID-3 (patient identifiers) is empty");
        String name = null;
        if (pid.getPatientNameReps() > 0) {
            XPN xpn = pid.getPatientName(0);
            name = personName(xpn.getFamilyName().getSurname().getValue(), xpn.getGivenName().getValue());
        }
        String birth = pid.getDateTimeOfBirth().getTime().getValue();
        String birthDate = null;
        if (!blank(birth)) {
            if (!birth.matches("\\d{8}.*")) throw LabImportException.invalid("PID-7 birth date \"" + birth + "\" is not YYYYMMDD");
            birthDate = birth.substring(0, 4) + "-" + birth.substring(4, 6) + "-" + birth.substring(6, 8);
            try {
                java.time.LocalDate.parse(birthDate);
            } catch (java.time.format.DateTimeParseException e) {
                throw LabImportException.invalid("PID-7 birth date \"" + birth + "\" is not a real date");
            }
        }
        return new LabReport.Patient(ids, name, birthDate);
    }

    private LabReport report(ORU_R01_ORDER_OBSERVATION order, int n, LabReport.Patient patient, Long messageTime)
            throws HL7Exception, LabImportException {
        OBR obr = order.getOBR();
        String where = "OBR " + n;
        String testCode = obr.getUniversalServiceIdentifier().getIdentifier().getValue();
        if (blank(testCode)) throw LabImportException.invalid(where + ": OBR-4 (test code) is missing");
        String testName = obr.getUniversalServiceIdentifier().getText().getValue();
        String barcode = specimenBarcode(order, obr);
        if (blank(barcode)) {
            throw LabImportException.invalid(where + ": no specimen barcode (SPM-2 or OBR-3)");
        }
        String statusCode = obr.getResultStatus().getValue();
        LabReport.Status status = switch (nullToEmpty(statusCode)) {
            case "P" -> LabReport.Status.PRELIMINARY;
            case "F" -> LabReport.Status.FINAL;
            case "C" -> LabReport.Status.CORRECTED;
            case "" -> throw LabImportException.invalid(where + ": OBR-25 (result status) is missing");
            default -> throw LabImportException.invalid(where + ": OBR-25 result status \"" + statusCode
                    + "\" is not taken (P preliminary, F final, C corrected)");
        };
        Long collected = optionalTime(obr.getObservationDateTime().getTime().getValue(), where + " OBR-7");
        Long reported = optionalTime(obr.getResultsRptStatusChngDateTime().getTime().getValue(), where + " OBR-22");
        if (reported == null) reported = messageTime;
        if (reported == null) throw LabImportException.invalid(where + ": no report time (OBR-22 or MSH-7)");
        String doctor = obr.getOrderingProviderReps() > 0 ? doctor(obr.getOrderingProvider(0)) : null;
        if (doctor == null && order.getORC().getOrderingProviderReps() > 0) {
            doctor = doctor(order.getORC().getOrderingProvider(0));
        }
        List<LabReport.Result> results = new ArrayList<>();
        List<ORU_R01_OBSERVATION> observations = order.getOBSERVATIONAll();
        for (ORU_R01_OBSERVATION observation : observations) {
            OBX obx = observation.getOBX();
            if (obx.isEmpty()) continue;
            results.add(result(obx, where + " OBX " + (results.size() + 1)));
        }
        if (results.isEmpty()) throw LabImportException.invalid(where + " (" + testCode + ") has no OBX results");
        return new LabReport(patient, barcode.strip(), testCode.strip(), trimToNull(testName), doctor, status,
                collected, reported, List.copyOf(results));
    }

    private static String specimenBarcode(ORU_R01_ORDER_OBSERVATION order, OBR obr) throws HL7Exception {
        for (ORU_R01_SPECIMEN specimen : order.getSPECIMENAll()) {
            var id = specimen.getSPM().getSpecimenID();
            String placer = id.getPlacerAssignedIdentifier().getEntityIdentifier().getValue();
            if (!blank(placer)) return placer;
            String filler = id.getFillerAssignedIdentifier().getEntityIdentifier().getValue();
            if (!blank(filler)) return filler;
        }
        return obr.getFillerOrderNumber().getEntityIdentifier().getValue();
    }

    private LabReport.Result result(OBX obx, String where) throws HL7Exception, LabImportException {
        CE id = obx.getObservationIdentifier();
        String code = id.getIdentifier().getValue();
        if (blank(code)) throw LabImportException.invalid(where + ": OBX-3 (observation code) is missing");
        where = where + " (" + code + ")";
        String valueType = nullToEmpty(obx.getValueType().getValue());
        if (obx.getObservationValueReps() == 0) throw LabImportException.invalid(where + ": OBX-5 (value) is empty");
        Type data = obx.getObservationValue(0).getData();
        String value;
        boolean numeric = false;
        switch (valueType) {
            case "NM" -> {
                value = primitive(data);
                if (!NUMBER.matcher(nullToEmpty(value)).matches()) {
                    throw LabImportException.invalid(where + ": OBX-5 value \"" + nullToEmpty(value) + "\" is not a number");
                }
                numeric = true;
            }
            case "ST", "TX", "FT" -> value = primitive(data);
            case "SN" -> value = structuredNumber(data, where);
            case "CE", "CWE" -> value = codedText(data);
            case "" -> throw LabImportException.invalid(where + ": OBX-2 (value type) is missing");
            default -> throw LabImportException.invalid(where + ": OBX-2 value type " + valueType
                    + " is not taken (NM, SN, ST, TX, FT, CE or CWE)");
        }
        if (blank(value)) throw LabImportException.invalid(where + ": OBX-5 (value) is empty");
        String flag = null;
        for (IS f : obx.getAbnormalFlags()) {
            String v = f.getValue();
            if (blank(v)) continue;
            if (!LabReport.FLAGS.contains(v.strip())) {
                throw LabImportException.invalid(where + ": OBX-8 abnormal flag \"" + v + "\" is not taken (H, L, HH, LL, A, N)");
            }
            if (flag != null) throw LabImportException.invalid(where + ": OBX-8 has more than one abnormal flag");
            flag = v.strip();
        }
        CE units = obx.getUnits();
        String unit = trimToNull(units.getIdentifier().getValue());
        if (unit == null) unit = trimToNull(units.getText().getValue());
        return new LabReport.Result(code.strip(), trimToNull(id.getText().getValue()), value.strip(), numeric, unit,
                trimToNull(obx.getReferencesRange().getValue()), flag);
    }

    private static String primitive(Type data) {
        return data instanceof Primitive p ? p.getValue() : null;
    }

    private static String structuredNumber(Type data, String where) throws LabImportException {
        if (!(data instanceof SN sn)) throw LabImportException.invalid(where + ": OBX-5 is not a structured number");
        String comparator = nullToEmpty(sn.getComparator().getValue());
        String num1 = nullToEmpty(sn.getNum1().getValue());
        String separator = nullToEmpty(sn.getSeparatorSuffix().getValue());
        String num2 = nullToEmpty(sn.getNum2().getValue());
        if (!comparator.matches("|<|>|<=|>=|=|<>") || (!num1.isEmpty() && !NUMBER.matcher(num1).matches())
                || (!num2.isEmpty() && !NUMBER.matcher(num2).matches()) || (num1.isEmpty() && num2.isEmpty())) {
            throw LabImportException.invalid(where + ": OBX-5 structured number \"" + comparator + "^" + num1 + "^"
                    + separator + "^" + num2 + "\" cannot be read");
        }
        return comparator + num1 + separator + num2;
    }

    private static String codedText(Type data) {
        if (data instanceof CWE cwe) {
            String text = cwe.getText().getValue();
            return blank(text) ? cwe.getIdentifier().getValue() : text;
        }
        if (data instanceof CE ce) {
            String text = ce.getText().getValue();
            return blank(text) ? ce.getIdentifier().getValue() : text;
        }
        return null;
    }

    private static String doctor(XCN xcn) {
        String name = personName(xcn.getFamilyName().getSurname().getValue(), xcn.getGivenName().getValue());
        return name != null ? name : trimToNull(xcn.getIDNumber().getValue());
    }

    /** 王 + 小明 → 王小明; Latin names keep a space. */
    static String personName(String family, String given) {
        String f = nullToEmpty(family).strip();
        String g = nullToEmpty(given).strip();
        if (f.isEmpty() && g.isEmpty()) return null;
        boolean cjk = (f + g).codePoints().anyMatch(Character::isIdeographic);
        return cjk || f.isEmpty() || g.isEmpty() ? f + g : f + " " + g;
    }

    private Long optionalTime(String value, String field) throws LabImportException {
        if (blank(value)) return null;
        try {
            return Hl7Time.parse(value, zone);
        } catch (IllegalArgumentException e) {
            throw LabImportException.invalid(field + ": " + e.getMessage());
        }
    }

    private static String join(String a, String b) {
        return nullToEmpty(a) + "/" + nullToEmpty(b);
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    static String trimToNull(String s) {
        return blank(s) ? null : s.strip();
    }
}
