package org.clinickiosk.device.idcard;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The reader session as a pure state machine: no I/O, no timers. The caller passes in received bytes and the
 * current time (monotonic milliseconds) and gets back the frames to write, the events to publish and when to call
 * {@link #tick} next.
 *
 * <p>Session: SAM status, SAM id, then a poll cycle find → select → read. One presentation of a card gives exactly
 * one event: after a good read the card is "latched" until a find fails, which covers readers whose find fails until
 * the card leaves as well as readers that keep finding a card lying on them.
 */
public final class IdCardReaderProtocol {

    public sealed interface Event permits Identified, CardError, ReaderReady, ReaderFault {}

    /** A card was read and its data passed all checks (it may still be expired: see {@link Identity#expired()}). */
    public record Identified(Identity identity) implements Event {}

    /** A card was presented but could not be read or failed the checks. */
    public record CardError(String reason) implements Event {}

    /** The SAM answered: the reader is usable. samId is the SAM's 16 bytes in hex, or null if it gave none. */
    public record ReaderReady(String samId) implements Event {}

    /** The reader is missing or its SAM failed; it is asked again after the retry interval. */
    public record ReaderFault(String reason) implements Event {}

    /** What to do after one input: frames to write in order, events to publish, when to call tick (if at all). */
    public record Reaction(List<byte[]> toSend, List<Event> events, OptionalLong wakeAtMs) {}

    private enum Phase {
        STOPPED, CHECKING_SAM, READING_SAM_ID, IDLE, FINDING, SELECTING, READING, READING_ADDRESS, FAULT;

        boolean awaitsReply() {
            return this != STOPPED && this != IDLE && this != FAULT;
        }
    }

    /** Largest data part of any reply except a read: a late read reply must not pass as another command's. */
    private static final int MAX_SMALL_REPLY_DATA = 70;

    private final IdCardReaderSettings settings;
    private final Clock clock;
    private final SamFrameParser parser;
    private final ReadReplyDecoder readDecoder;

    private Phase phase = Phase.STOPPED;
    /** Reply time-out, next poll or next retry, depending on the phase. */
    private long deadlineMs;
    /** The card in the field was already reported; stays until a find fails. */
    private boolean cardLatched;
    private int readFailures;
    private String lastReadFailure;
    private Identity awaitingAddress;
    /** null before the first answer, then whether the last report was ready (true) or fault (false). */
    private Boolean reportedReady;
    private String reportedFault;

    private List<byte[]> toSend;
    private List<Event> events;

    public IdCardReaderProtocol(IdCardReaderSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.parser = SamFrameParser.forReplies(settings.maxFrameLength());
        this.readDecoder = new ReadReplyDecoder(new IdentityCheck(settings.foreignerPermitPattern()));
    }

    /** The port opened: check the SAM. */
    public Reaction start(long nowMs) {
        begin();
        parser.flush();
        send(SamCommand.SAM_STATUS, Phase.CHECKING_SAM, nowMs);
        return end();
    }

    /** The port closed: forget the session; {@link #start} begins a new one. */
    public Reaction stop() {
        begin();
        parser.flush();
        phase = Phase.STOPPED;
        reportedReady = null;
        reportedFault = null;
        cardLatched = false;
        readFailures = 0;
        awaitingAddress = null;
        return end();
    }

    public Reaction received(byte[] data, long nowMs) {
        begin();
        for (SamFrameParser.Result result : parser.feed(data)) {
            if (!phase.awaitsReply()) continue; // nobody asked: a late or unsolicited reply
            if (result instanceof SamFrameParser.Frame frame) {
                SamReply reply = SamReply.decode(frame.body());
                if (reply.data().length > MAX_SMALL_REPLY_DATA && phase != Phase.READING) continue;
                onReply(reply, nowMs);
            } else if (result instanceof SamFrameParser.Failure failure) {
                onExchangeFailed("garbled reply: " + failure.error().reason(), false, nowMs);
            }
        }
        return end();
    }

    /** Time passed: polls, time-outs and retries. Calling it early or often is harmless. */
    public Reaction tick(long nowMs) {
        begin();
        if (phase != Phase.STOPPED && nowMs >= deadlineMs) {
            switch (phase) {
                case IDLE -> send(SamCommand.FIND_CARD, Phase.FINDING, nowMs);
                case FAULT -> send(SamCommand.SAM_STATUS, Phase.CHECKING_SAM, nowMs);
                default -> {
                    // what came so far belongs to the exchange that timed out; it only tells if the reader spoke
                    boolean partial = !parser.flush().isEmpty();
                    onExchangeFailed(partial ? "reply cut short" : "no reply within " + settings.replyTimeoutMs()
                            + " ms", !partial, nowMs);
                }
            }
        }
        return end();
    }

    private void onReply(SamReply reply, long nowMs) {
        SamStatus status = reply.status();
        if (status.samFault()) {
            awaitingAddress = null;
            fault("SAM failure: " + reply.describeStatus(), nowMs);
            return;
        }
        switch (phase) {
            case CHECKING_SAM -> {
                if (status == SamStatus.OK) send(SamCommand.READ_SAM_ID, Phase.READING_SAM_ID, nowMs);
                else fault("SAM failure: " + reply.describeStatus(), nowMs);
            }
            case READING_SAM_ID -> ready(status == SamStatus.OK ? hex(reply.data()) : null, nowMs);
            case FINDING -> {
                if (status == SamStatus.CARD_FOUND) {
                    if (cardLatched) idle(nowMs);
                    else send(SamCommand.SELECT_CARD, Phase.SELECTING, nowMs);
                } else {
                    if (status == SamStatus.FIND_FAILED) cardGone();
                    idle(nowMs);
                }
            }
            case SELECTING -> {
                if (status == SamStatus.OK) send(readCommand(), Phase.READING, nowMs);
                else idle(nowMs);
            }
            case READING -> onReadReply(reply, nowMs);
            case READING_ADDRESS -> {
                Identity identity = awaitingAddress;
                awaitingAddress = null;
                identified(status == SamStatus.OK && reply.data().length > 0
                        ? identity.withAppendedAddress(CardTextCodec.decodeAppendedAddress(reply.data()))
                        : identity, nowMs);
            }
            default -> throw new IllegalStateException("reply handled in phase " + phase);
        }
    }

    private void onReadReply(SamReply reply, long nowMs) {
        if (reply.status() != SamStatus.OK) {
            readFailed(reply.describeStatus(), nowMs);
            return;
        }
        LocalDate today = LocalDate.now(clock);
        IdentityCheck.Outcome outcome = readDecoder.decode(reply, settings.readFingerprint(), today);
        if (outcome instanceof IdentityCheck.Refused refused) {
            events.add(new CardError(refused.reason()));
            latchCard(nowMs);
        } else if (outcome instanceof IdentityCheck.Accepted accepted) {
            if (settings.readAppendedAddress()) {
                awaitingAddress = accepted.identity();
                send(SamCommand.READ_APPENDED_ADDRESS, Phase.READING_ADDRESS, nowMs);
            } else {
                identified(accepted.identity(), nowMs);
            }
        }
    }

    /** A reply did not come at all (silent) or could not be used. */
    private void onExchangeFailed(String reason, boolean silent, long nowMs) {
        switch (phase) {
            case CHECKING_SAM, READING_SAM_ID -> fault("the ID card reader does not answer properly: " + reason, nowMs);
            // a silent reader during polling may be gone: check the SAM again, which reports a fault if so
            case FINDING, SELECTING -> {
                if (silent) send(SamCommand.SAM_STATUS, Phase.CHECKING_SAM, nowMs);
                else idle(nowMs);
            }
            case READING -> readFailed(reason, nowMs);
            case READING_ADDRESS -> {
                Identity identity = awaitingAddress;
                awaitingAddress = null;
                identified(identity, nowMs);
            }
            default -> throw new IllegalStateException("exchange failure in phase " + phase);
        }
    }

    /**
     * Most readers stop finding a card once it was read, even if the reply was damaged on the line: then only the
     * person can help, by presenting it again. Readers that keep finding it get another try at once.
     */
    private void cardGone() {
        if (readFailures > 0) {
            events.add(new CardError("the card could not be read (" + lastReadFailure + "), present it again"));
        }
        cardLatched = false;
        readFailures = 0;
    }

    private void readFailed(String reason, long nowMs) {
        lastReadFailure = reason;
        readFailures++;
        if (readFailures >= settings.maxReadAttempts()) {
            events.add(new CardError("the card could not be read: " + reason));
            latchCard(nowMs);
        } else {
            idle(nowMs);
        }
    }

    private void identified(Identity identity, long nowMs) {
        events.add(new Identified(identity));
        latchCard(nowMs);
    }

    private void latchCard(long nowMs) {
        cardLatched = true;
        readFailures = 0;
        idle(nowMs);
    }

    private void ready(String samId, long nowMs) {
        if (!Boolean.TRUE.equals(reportedReady)) events.add(new ReaderReady(samId));
        reportedReady = true;
        reportedFault = null;
        send(SamCommand.FIND_CARD, Phase.FINDING, nowMs);
    }

    private void fault(String reason, long nowMs) {
        if (!Boolean.FALSE.equals(reportedReady) || !reason.equals(reportedFault)) events.add(new ReaderFault(reason));
        reportedReady = false;
        reportedFault = reason;
        cardLatched = false;
        readFailures = 0;
        phase = Phase.FAULT;
        deadlineMs = nowMs + settings.retryIntervalMs();
    }

    private void idle(long nowMs) {
        phase = Phase.IDLE;
        deadlineMs = nowMs + settings.pollIntervalMs();
    }

    private void send(SamCommand command, Phase awaiting, long nowMs) {
        toSend.add(command.frame());
        phase = awaiting;
        deadlineMs = nowMs + settings.replyTimeoutMs();
    }

    private SamCommand readCommand() {
        return settings.readFingerprint() ? SamCommand.READ_TEXT_PHOTO_AND_FINGERPRINT : SamCommand.READ_TEXT_AND_PHOTO;
    }

    private void begin() {
        toSend = new ArrayList<>();
        events = new ArrayList<>();
    }

    private Reaction end() {
        return new Reaction(List.copyOf(toSend), List.copyOf(events),
                phase == Phase.STOPPED ? OptionalLong.empty() : OptionalLong.of(deadlineMs));
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) s.append(String.format("%02X", b));
        return s.toString();
    }
}
