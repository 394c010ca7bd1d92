package org.clinickiosk.device.printer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Random and mutated input to the ESC/POS interpreter and the status decoder. */
class EscPosFuzzTest {
    private static final byte[] TICKET = TicketRenderer.render(Tickets.sample(PaperWidth.MM58));

    @Property(tries = 300)
    void randomBytesNeverThrowAndStayBounded(@ForAll @Size(max = 20) List<@Size(max = 2000) byte[]> chunks) {
        EscPosInterpreter interpreter = new EscPosInterpreter();
        for (byte[] chunk : chunks) {
            interpreter.feed(chunk);
            assertTrue(interpreter.pendingBytes() <= EscPosInterpreter.MAX_PENDING);
        }
    }

    /** Random bytes built from command prefixes reach the deeper branches far more often than plain noise. */
    @Property(tries = 300)
    void commandShapedNoiseNeverThrows(@ForAll("commandShaped") List<byte[]> parts) {
        EscPosInterpreter interpreter = new EscPosInterpreter();
        for (byte[] part : parts) {
            interpreter.feed(part);
            assertTrue(interpreter.pendingBytes() <= EscPosInterpreter.MAX_PENDING);
        }
    }

    @Property(tries = 300)
    void mutatedTicketNeverThrowsAndRenders(@ForAll @IntRange(max = 10_000) int position, @ForAll byte value) {
        byte[] mutated = TICKET.clone();
        mutated[position % mutated.length] = value;
        for (EscPosInterpreter.Output out : new EscPosInterpreter().feed(mutated)) {
            if (out instanceof EscPosInterpreter.PageCut cut) {
                // a damaged QR payload must still draw or be refused with IllegalArgumentException, never crash
                try {
                    PageImageRenderer.render(cut.page(), PaperWidth.MM58);
                } catch (IllegalArgumentException refused) {
                    assertFalse(cut.page().qrPayloads().isEmpty(), refused.getMessage());
                }
            }
        }
    }

    @Property(tries = 500)
    void anyStatusReplyDecodes(@ForAll @Size(4) byte[] replies) {
        PrinterStatus s = PrinterStatus.fromReplies(replies);
        assertEquals(s.problems().isEmpty(), s.clean());
        boolean allWellFormed = true;
        for (byte b : replies) allWellFormed &= (b & 0x12) == 0x12;
        assertEquals(!allWellFormed, s.problems().contains(PrinterProblem.BAD_REPLY));
    }

    @Provide
    Arbitrary<List<byte[]>> commandShaped() {
        Arbitrary<byte[]> prefix = Arbitraries.of(new byte[] {0x1B}, new byte[] {0x1D}, new byte[] {0x1C},
                new byte[] {0x10, 0x04}, new byte[] {0x1D, 0x28, 0x6B}, new byte[] {0x1D, 0x76, 0x30},
                new byte[] {0x1D, 0x6B}, new byte[] {0x1D, 0x56}, new byte[] {0x0A}, new byte[] {(byte) 0xB0});
        Arbitrary<byte[]> tail = Arbitraries.bytes().array(byte[].class).ofMaxSize(6);
        return Arbitraries.oneOf(prefix, tail).list().ofMaxSize(60);
    }
}
