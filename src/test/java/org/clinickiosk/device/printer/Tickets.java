package org.clinickiosk.device.printer;

import java.time.LocalDateTime;

/** The sample ticket used by golden files, previews and driver tests. */
final class Tickets {
    static final String QR = "https://kiosk.example/t/A023?d=20260711";

    private Tickets() {}

    static TicketData sample(PaperWidth width) {
        return new TicketData("清河社区卫生服务中心", "全科门诊", "A023", "2楼 3号诊室",
                LocalDateTime.of(2026, 7, 11, 9, 5), 4, "张*三", QR, width);
    }
}
