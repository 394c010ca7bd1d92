package org.clinickiosk.device.idcard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The reader protocol wired to the simulated reader on simulated time: frames the protocol sends go to the
 * simulator (unless the reader is "unplugged"), its replies come back at once, {@link #runFor} fires the ticks.
 */
final class ReaderBench {

    static final LocalDate TODAY = LocalDate.of(2026, 6, 1);
    static final Clock CLOCK = Clock.fixed(TODAY.atStartOfDay(ZoneId.of("Asia/Shanghai")).toInstant(),
            ZoneId.of("Asia/Shanghai"));

    final IdCardReaderProtocol protocol;
    final IdCardSimulator reader;
    final List<IdCardReaderProtocol.Event> events = new ArrayList<>();
    final List<SamCommand> sent = new ArrayList<>();
    boolean readerAnswers = true;
    /** Runs once just before the given command reaches the reader, e.g. to damage its reply. */
    private SamCommand hookCommand;
    private Runnable hook;
    long now;
    private long wakeAt = Long.MAX_VALUE;
    private final Deque<byte[]> fromReader = new ArrayDeque<>();
    private final SamFrameParser commandLog = SamFrameParser.forCommands();

    ReaderBench(IdCardReaderSettings settings, boolean keepsFindingAfterRead) {
        protocol = new IdCardReaderProtocol(settings, CLOCK);
        reader = new IdCardSimulator(cards(), keepsFindingAfterRead, new Random(7));
        reader.connect(fromReader::add);
    }

    static List<FictionalIdentities.FictionalCard> cards() {
        try {
            return FictionalIdentities.load(Path.of(System.getProperty("user.dir"), "devices/idcard/identities.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ReaderBench start() {
        apply(protocol.start(now));
        return this;
    }

    void perform(String behaviour, String... keyValues) {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) args.put(keyValues[i], keyValues[i + 1]);
        String error = reader.perform(behaviour, args);
        if (error != null) throw new IllegalArgumentException(error);
    }

    void beforeNext(SamCommand command, Runnable action) {
        hookCommand = command;
        hook = action;
    }

    /** Advances simulated time, firing every tick the protocol asked for. */
    void runFor(long ms) {
        long end = now + ms;
        while (wakeAt <= end) {
            now = Math.max(now, wakeAt);
            apply(protocol.tick(now));
        }
        now = end;
    }

    void apply(IdCardReaderProtocol.Reaction reaction) {
        events.addAll(reaction.events());
        wakeAt = reaction.wakeAtMs().orElse(Long.MAX_VALUE);
        for (byte[] frame : reaction.toSend()) {
            for (SamFrameParser.Result r : commandLog.feed(frame)) {
                byte[] body = ((SamFrameParser.Frame) r).body();
                SamCommand command = SamCommand.of(body[0], body[1]).orElseThrow();
                sent.add(command);
                if (command == hookCommand) {
                    hookCommand = null;
                    hook.run();
                }
            }
            if (readerAnswers) reader.fromHost(frame);
        }
        while (!fromReader.isEmpty()) apply(protocol.received(fromReader.poll(), now));
    }

    <T extends IdCardReaderProtocol.Event> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<String> identifiedNumbers() {
        return events(IdCardReaderProtocol.Identified.class).stream().map(e -> e.identity().idNumber()).toList();
    }
}
