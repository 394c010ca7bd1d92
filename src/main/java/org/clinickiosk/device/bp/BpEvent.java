package org.clinickiosk.device.bp;

/** What a monitor's byte stream yields: a reading, a measurement error, or (A&D) the acknowledgement of a command. */
public sealed interface BpEvent permits BpReading, BpMeasurementError, BpAcknowledged {}
