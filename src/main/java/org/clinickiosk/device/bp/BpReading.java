package org.clinickiosk.device.bp;

import java.time.LocalDateTime;

/**
 * One accepted measurement in mmHg and beats/min. Only {@link BpRanges#check} creates readings from device records,
 * so a reading is always within the plausible ranges with systolic above diastolic.
 *
 * @param meanArterialPressure null when the model does not send it
 * @param deviceTime           the monitor's own clock, null when absent; never used as the time of record
 * @param raw                  the record as received, with the monitor's patient-ID field masked
 */
public record BpReading(int systolic, int diastolic, int pulse, Integer meanArterialPressure,
                        LocalDateTime deviceTime, BpModel model, String raw) implements BpEvent {}
