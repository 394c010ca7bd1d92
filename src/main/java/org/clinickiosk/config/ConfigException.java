package org.clinickiosk.config;

/** A configuration problem, worded for the admin who has to fix the file: names the key and what is wrong. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
