package org.clinickiosk.device.healthcard;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * An in-process card with an ISO 7816-4 file tree that answers SELECT (by file id or AID), READ BINARY and READ
 * RECORD: the card behind {@code "port": "simulated"}. {@link #laidOut} writes field values where a profile expects
 * them, so the simulator runs the same APDU sequence as a real card. devices/healthcard/virtual_card.py is the same
 * card for the real PC/SC stack.
 */
final class VirtualHealthCard implements ApduChannel {

    private static final byte[] MF_ID = {0x3F, 0x00};

    private static final class Node {
        final byte[] fid;
        final byte[] aid;
        final Node parent;
        final List<Node> children = new ArrayList<>();
        byte[] binary;
        List<byte[]> records;

        Node(byte[] fid, byte[] aid, Node parent) {
            this.fid = fid;
            this.aid = aid;
            this.parent = parent;
        }

        boolean isFile() { return binary != null || records != null; }
    }

    private final Node mf = new Node(MF_ID, null, null);
    private Node currentDf = mf;
    private Node currentEf;

    /**
     * A card holding {@code values} (field → text as it is to be read back) at the places the profile reads them.
     * @throws IllegalArgumentException when a value does not fit its field
     */
    static VirtualHealthCard laidOut(HealthCardProfile profile, Map<String, String> values) {
        VirtualHealthCard card = new VirtualHealthCard();
        for (HealthCardProfile.CardFile file : profile.files().values()) {
            // field offsets count from the first byte the profile reads
            int base = file.offset();
            int size = file.mode() == HealthCardProfile.ReadMode.BINARY ? base + file.length() : 0;
            for (HealthCardProfile.Field field : profile.fields().values()) {
                if (field.file().equals(file.name())) size = Math.max(size, base + field.offset() + field.length());
            }
            byte[] content = new byte[size];
            profile.fields().forEach((name, field) -> {
                if (field.file().equals(file.name()) && values.containsKey(name)) {
                    byte[] bytes = encode(profile, field, values.get(name));
                    System.arraycopy(bytes, 0, content, base + field.offset(), bytes.length);
                }
            });
            Node node = card.place(file);
            if (file.mode() == HealthCardProfile.ReadMode.BINARY) {
                node.binary = content;
            } else {
                while (node.records.size() < file.record()) node.records.add(new byte[0]);
                node.records.set(file.record() - 1, content);
            }
        }
        return card;
    }

    /** Removes a file so that reading it fails, as on a damaged or foreign card. */
    void removeFile(HealthCardProfile.CardFile file) {
        Node node = place(file);
        node.parent.children.remove(node);
    }

    @Override
    public synchronized byte[] transmit(byte[] apdu) {
        if (apdu.length < 4) return sw(0x6700);
        if (apdu[0] != 0x00) return sw(0x6E00);
        int p1 = apdu[2] & 0xFF;
        int p2 = apdu[3] & 0xFF;
        return switch (apdu[1] & 0xFF) {
            case 0xA4 -> select(p1, apdu);
            case 0xB0 -> readBinary(p1, p2, apdu);
            case 0xB2 -> readRecord(p1, p2, apdu);
            default -> sw(0x6D00);
        };
    }

    private byte[] select(int p1, byte[] apdu) {
        if (apdu.length < 5 || apdu.length < 5 + (apdu[4] & 0xFF)) return sw(0x6700);
        byte[] data = Arrays.copyOfRange(apdu, 5, 5 + (apdu[4] & 0xFF));
        Node found = p1 == 0x04 ? findAid(mf, data) : p1 <= 0x02 && data.length == 2 ? findFid(data) : null;
        if (found == null) return sw(0x6A82);
        if (found.isFile()) {
            currentEf = found;
            currentDf = found.parent;
        } else {
            currentDf = found;
            currentEf = null;
        }
        return sw(0x9000);
    }

    private byte[] readBinary(int p1, int p2, byte[] apdu) {
        if ((p1 & 0x80) != 0) return sw(0x6A81);
        if (currentEf == null) return sw(0x6986);
        if (currentEf.binary == null) return sw(0x6981);
        int offset = (p1 << 8) | p2;
        int le = apdu.length > 4 ? (apdu[apdu.length - 1] & 0xFF) : 0;
        if (le == 0) le = 256;
        if (offset > currentEf.binary.length) return sw(0x6B00);
        int end = Math.min(currentEf.binary.length, offset + le);
        return withSw(Arrays.copyOfRange(currentEf.binary, offset, end), end - offset < le ? 0x6282 : 0x9000);
    }

    private byte[] readRecord(int p1, int p2, byte[] apdu) {
        if ((p2 & 0x07) != 0x04) return sw(0x6A81);
        if (currentEf == null) return sw(0x6986);
        if (currentEf.records == null) return sw(0x6981);
        if (p1 < 1 || p1 > currentEf.records.size()) return sw(0x6A83);
        byte[] record = currentEf.records.get(p1 - 1);
        int le = apdu.length > 4 ? (apdu[apdu.length - 1] & 0xFF) : 0;
        return withSw(le == 0 ? record : Arrays.copyOf(record, Math.min(le, record.length)), 0x9000);
    }

    /** Like most card operating systems: the MF, a child of the current DF, or a sibling. */
    private Node findFid(byte[] fid) {
        if (Arrays.equals(fid, MF_ID)) return mf;
        for (Node df : currentDf.parent == null ? List.of(currentDf) : List.of(currentDf, currentDf.parent)) {
            for (Node child : df.children) {
                if (Arrays.equals(child.fid, fid)) return child;
            }
        }
        return null;
    }

    private static Node findAid(Node df, byte[] aid) {
        for (Node child : df.children) {
            if (child.aid != null && Arrays.equals(child.aid, aid)) return child;
            Node deeper = findAid(child, aid);
            if (deeper != null) return deeper;
        }
        return null;
    }

    /** The node a profile file's SELECT steps lead to, made on the way. */
    private Node place(HealthCardProfile.CardFile file) {
        Node node = mf;
        for (HealthCardProfile.Command step : file.select()) {
            String label = step.label();
            byte[] id = HexFormat.of().parseHex(label.substring(label.indexOf(':') + 1).replace(" ", ""));
            if (label.startsWith("fid:") && Arrays.equals(id, MF_ID)) {
                node = mf;
                continue;
            }
            if (!label.startsWith("fid:") && !label.startsWith("aid:")) continue;
            boolean byFid = label.startsWith("fid:");
            Node parent = node;
            node = parent.children.stream()
                    .filter(c -> byFid ? Arrays.equals(c.fid, id) : Arrays.equals(c.aid, id))
                    .findFirst().orElseGet(() -> {
                        Node child = new Node(byFid ? id : null, byFid ? null : id, parent);
                        parent.children.add(child);
                        return child;
                    });
        }
        if (file.mode() == HealthCardProfile.ReadMode.RECORD && node.records == null) node.records = new ArrayList<>();
        return node;
    }

    private static byte[] encode(HealthCardProfile profile, HealthCardProfile.Field field, String value) {
        byte[] bytes = switch (field.format()) {
            case TEXT -> {
                CharsetEncoder encoder = profile.encoding().newEncoder();
                try {
                    ByteBuffer encoded = encoder.encode(java.nio.CharBuffer.wrap(value));
                    yield Arrays.copyOf(encoded.array(), encoded.limit());
                } catch (CharacterCodingException e) {
                    throw new IllegalArgumentException("\"" + value + "\" cannot be written in " + profile.encoding());
                }
            }
            case BCD -> {
                byte[] packed = new byte[field.length()];
                Arrays.fill(packed, (byte) 0xFF);
                for (int i = 0; i < value.length(); i++) {
                    int digit = value.charAt(i) - '0';
                    if (i / 2 >= packed.length) throw new IllegalArgumentException(value + " does not fit");
                    packed[i / 2] = (byte) (i % 2 == 0 ? (digit << 4) | 0x0F : (packed[i / 2] & 0xF0) | digit);
                }
                yield packed;
            }
            case HEX -> HexFormat.of().parseHex(value);
        };
        if (bytes.length > field.length()) {
            throw new IllegalArgumentException("\"" + value + "\" needs " + bytes.length + " bytes, the field has "
                    + field.length());
        }
        return bytes;
    }

    private static byte[] sw(int sw) {
        return new byte[]{(byte) (sw >> 8), (byte) sw};
    }

    private static byte[] withSw(byte[] data, int sw) {
        byte[] out = Arrays.copyOf(data, data.length + 2);
        out[data.length] = (byte) (sw >> 8);
        out[data.length + 1] = (byte) sw;
        return out;
    }
}
