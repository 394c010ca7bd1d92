package org.clinickiosk.device.bp;

import java.util.List;

/**
 * Incremental decoder of one monitor's output. Fed whatever chunks the port delivers; never throws on bad input:
 * damaged records come back as {@link BpMeasurementError}, bytes outside any record are skipped until the next
 * record start. Memory stays bounded whatever it is fed.
 */
public interface BpRecordParser {

    /** Decodes the chunk together with what earlier chunks left unfinished; returns events in stream order. */
    List<BpEvent> feed(byte[] chunk);

    /** Bytes held while waiting for the end of a record; never more than {@link #maxBufferedBytes()}. */
    int bufferedBytes();

    int maxBufferedBytes();

    /** The parser for a model; {@code layout} is used only by the HBP-9020. */
    static BpRecordParser forModel(BpModel model, OmronHbp9020Layout layout) {
        return switch (model) {
            case OMRON_HBP9030 -> new OmronHbp9030Parser();
            case OMRON_HBP9020 -> new OmronHbp9020Parser(layout);
            case AND_TM2655 -> new AndTm2655Parser();
        };
    }
}
