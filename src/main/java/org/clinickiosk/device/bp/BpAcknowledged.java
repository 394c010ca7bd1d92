package org.clinickiosk.device.bp;

/** The A&D monitor accepted a start or stop command (its short reply ends in ACK, 0x06). */
public record BpAcknowledged() implements BpEvent {}
