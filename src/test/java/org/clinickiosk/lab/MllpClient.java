package org.clinickiosk.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Our own MLLP client for tests: sends bytes exactly as told (whole frames, split, several per write) and reads ACK frames. */
final class MllpClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    MllpClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
    }

    /** A sample message from src/test/resources/lab, with CR between segments as HL7 wants. */
    static String sample(String name) throws IOException {
        return Files.readString(Path.of("src/test/resources/lab", name), StandardCharsets.UTF_8).strip()
                .replace("\r\n", "\n").replace('\n', '\r');
    }

    static byte[] frame(String message) {
        return MllpFramer.wrap(message.getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Sends one framed message and waits for its ACK. */
    Ack send(String message) throws IOException {
        write(frame(message));
        return readAck();
    }

    /** The next ACK frame (VT ... FS CR). */
    Ack readAck() throws IOException {
        int b;
        while ((b = in.read()) != MllpFramer.VT) {
            if (b < 0) throw new IOException("connection closed before an ACK");
        }
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        while ((b = in.read()) != MllpFramer.FS) {
            if (b < 0) throw new IOException("connection closed inside an ACK");
            payload.write(b);
        }
        if (in.read() != MllpFramer.CR) throw new IOException("ACK frame without CR after FS");
        return new Ack(payload.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** An ACK's fields: MSA-1 code, MSA-2 the control id it answers, and the ERR text. */
    record Ack(String text) {
        String segment(String name) {
            for (String s : text.split("\r")) if (s.startsWith(name + "|")) return s;
            return null;
        }

        String code() {
            return segment("MSA").split("\\|", -1)[1];
        }

        String controlId() {
            String[] f = segment("MSA").split("\\|", -1);
            return f.length > 2 ? f[2] : "";
        }

        /** The ERR segment, HL7 escapes undone (\\S\\ is ^). */
        String error() {
            String err = segment("ERR");
            return err == null ? null : err.replace("\\S\\", "^").replace("\\T\\", "&").replace("\\E\\", "\\");
        }

        String messageType() {
            return segment("MSH").split("\\|", -1)[8];
        }

        /** MSH-7, the time the ACK was made. */
        String messageTime() {
            return segment("MSH").split("\\|", -1)[6];
        }
    }
}
