package org.clinickiosk.device.scanner;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Settings of one serial scanner (the baud rate belongs to the port).
 *
 * @param charset            how QR text is encoded: UTF-8 or GBK, vendor dependent (UNVERIFIED which is usual)
 * @param prefix             configured scanner prefix or AIM id to strip, "" for none
 * @param suffix             configured suffix to strip, "" for none
 * @param maxLength          longest scan in bytes; longer ones are dropped
 * @param healthCardPattern  shape of an electronic health card token
 * @param labSpecimenPattern shape of a lab specimen barcode
 */
public record ScannerSettings(
        Charset charset,
        String prefix,
        String suffix,
        int maxLength,
        Pattern healthCardPattern,
        Pattern labSpecimenPattern) {

    public ScannerSettings {
        if (maxLength < 1) throw new IllegalArgumentException("maxLength must be positive");
    }

    public static ScannerSettings defaults() {
        return new ScannerSettings(StandardCharsets.UTF_8, "", "", 2048,
                Pattern.compile(ScanClassifier.DEFAULT_HEALTH_CARD_PATTERN),
                Pattern.compile(ScanClassifier.DEFAULT_LAB_SPECIMEN_PATTERN));
    }
}
