package org.clinickiosk.device.idcard;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.clinickiosk.device.DeviceSimulator;

/**
 * A SAM ID card reader speaking the real frames. Behaviours: present-card (index or idNumber from the card list),
 * remove-card, corrupt-checksum / truncate / garbage (applied to the next reply), sam-fail, sam-recover.
 * Like most readers it answers "no card" after a good read until the card is presented again, unless built with
 * {@code keepsFindingAfterRead}.
 */
public final class IdCardSimulator implements DeviceSimulator {

    public static final List<String> BEHAVIOURS = List.of(
            "present-card", "remove-card", "corrupt-checksum", "truncate", "garbage", "sam-fail", "sam-recover");

    /** An invented SAM id; real ones identify a licensed reader. */
    private static final byte[] SAM_ID = {0x05, 0x00, 0x01, 0x00, 0x11, 0x22, 0x33, 0x44,
        0x55, 0x66, 0x77, (byte) 0x88, 0x00, 0x00, 0x00, 0x01};
    private static final int PHOTO_LENGTH = 1024;
    private static final int FINGERPRINT_LENGTH = 1024;

    private final List<FictionalIdentities.FictionalCard> cards;
    private final boolean keepsFindingAfterRead;
    private final Random random;
    private final SamFrameParser parser = SamFrameParser.forCommands();
    private Consumer<byte[]> toHost = bytes -> { };

    private FictionalIdentities.FictionalCard presented;
    private boolean readThisPresentation;
    private boolean selected;
    private boolean samFailed;
    private boolean corruptNext;
    private boolean truncateNext;
    private boolean garbageNext;

    public IdCardSimulator(List<FictionalIdentities.FictionalCard> cards, boolean keepsFindingAfterRead,
                           Random random) {
        this.cards = List.copyOf(cards);
        this.keepsFindingAfterRead = keepsFindingAfterRead;
        this.random = random;
    }

    /** The usual setup: cards from an identities file, a reader that stops finding a card once read. */
    public static IdCardSimulator withIdentitiesFrom(Path identitiesFile) throws IOException {
        return new IdCardSimulator(FictionalIdentities.load(identitiesFile), false, new Random());
    }

    @Override
    public synchronized void connect(Consumer<byte[]> toHost) {
        this.toHost = toHost;
    }

    @Override
    public synchronized void fromHost(byte[] data) {
        for (SamFrameParser.Result result : parser.feed(data)) {
            if (result instanceof SamFrameParser.Frame frame) {
                answer(frame.body());
            } else if (result instanceof SamFrameParser.Failure failure) {
                reply(failure.error() == SamFrameParser.FrameError.LENGTH
                        ? SamStatus.LENGTH_ERROR : SamStatus.CHECKSUM_ERROR, new byte[0]);
            }
        }
    }

    @Override
    public synchronized String perform(String behaviour, Map<String, String> args) {
        switch (behaviour) {
            case "present-card" -> {
                FictionalIdentities.FictionalCard card = pick(args);
                if (card == null) return "present-card needs index (0.." + (cards.size() - 1) + ") or a known idNumber";
                presented = card;
                readThisPresentation = false;
                selected = false;
            }
            case "remove-card" -> {
                presented = null;
                selected = false;
            }
            case "corrupt-checksum" -> corruptNext = true;
            case "truncate" -> truncateNext = true;
            case "garbage" -> garbageNext = true;
            case "sam-fail" -> samFailed = true;
            case "sam-recover" -> samFailed = false;
            default -> {
                return "unknown behaviour '" + behaviour + "', known: " + String.join(", ", BEHAVIOURS);
            }
        }
        return null;
    }

    @Override
    public List<String> behaviours() {
        return BEHAVIOURS;
    }

    private FictionalIdentities.FictionalCard pick(Map<String, String> args) {
        String index = args.get("index");
        if (index != null) {
            try {
                int i = Integer.parseInt(index.trim());
                return i >= 0 && i < cards.size() ? cards.get(i) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        String idNumber = args.get("idNumber");
        return cards.stream().filter(c -> c.text().idNumber().equalsIgnoreCase(String.valueOf(idNumber)))
                .findFirst().orElse(null);
    }

    private void answer(byte[] body) {
        Optional<SamCommand> command = body.length >= 2 ? SamCommand.of(body[0], body[1]) : Optional.empty();
        if (command.isEmpty()) {
            reply(SamStatus.BAD_COMMAND, new byte[0]);
            return;
        }
        if (samFailed) {
            reply(SamStatus.SAM_SELF_TEST_FAILED, new byte[0]);
            return;
        }
        boolean findable = presented != null && (!readThisPresentation || keepsFindingAfterRead);
        switch (command.get()) {
            case RESET_SAM, SAM_STATUS -> reply(SamStatus.OK, new byte[0]);
            case READ_SAM_ID -> reply(SamStatus.OK, SAM_ID);
            case FIND_CARD -> {
                if (findable) reply(SamStatus.CARD_FOUND, new byte[4]);
                else reply(SamStatus.FIND_FAILED, new byte[0]);
            }
            case SELECT_CARD -> {
                selected = findable;
                if (findable) reply(SamStatus.OK, new byte[8]);
                else reply(SamStatus.SELECT_FAILED, new byte[0]);
            }
            case READ_TEXT_AND_PHOTO, READ_TEXT_PHOTO_AND_FINGERPRINT -> {
                if (presented == null || !selected) {
                    reply(SamStatus.READ_FAILED, new byte[0]);
                    return;
                }
                boolean withFingerprint = command.get() == SamCommand.READ_TEXT_PHOTO_AND_FINGERPRINT;
                reply(SamStatus.OK, ReadReplyDecoder.encodeData(CardTextCodec.encode(presented.text()),
                        randomBytes(PHOTO_LENGTH), withFingerprint ? randomBytes(FINGERPRINT_LENGTH) : null));
                selected = false;
                readThisPresentation = true;
            }
            case READ_APPENDED_ADDRESS -> {
                if (presented == null || presented.appendedAddress().isEmpty()) {
                    reply(SamStatus.NO_CONTENT, new byte[0]);
                } else {
                    reply(SamStatus.OK, CardTextCodec.encodeAppendedAddress(presented.appendedAddress()));
                }
            }
        }
    }

    private void reply(SamStatus status, byte[] data) {
        byte[] frame = SamFrame.reply(status.code(), data);
        if (corruptNext) {
            frame[frame.length - 1] ^= 0x5A;
            corruptNext = false;
        }
        if (truncateNext) {
            frame = Arrays.copyOf(frame, frame.length / 2);
            truncateNext = false;
        }
        if (garbageNext) {
            toHost.accept(randomBytes(1 + random.nextInt(32)));
            garbageNext = false;
        }
        toHost.accept(frame);
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}
