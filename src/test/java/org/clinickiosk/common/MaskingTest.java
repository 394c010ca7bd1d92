package org.clinickiosk.common;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** What of an event may leave the server for a screen. */
class MaskingTest {

    @Test
    void identityFieldsAreMaskedAtAnyDepthIncludingInsideArraysAndNamedInTouched() {
        JsonObject event = new JsonObject().put("type", "identified").put("name", "王小明")
                .put("idNumber", "34052419800101001X").put("address", "示范路1号").put("systolic", 190)
                .put("card", new JsonObject().put("chineseName", "张小三").put("phone", "13800138000"))
                .put("family", new JsonArray().add(new JsonObject().put("name", "李四").put("idNumber", "110105199003071234"))
                        .add("text stays"));
        Set<String> touched = new TreeSet<>();

        JsonObject out = Masking.event(event, touched);

        assertEquals("王*明", out.getString("name"));
        assertEquals("3405**********001X", out.getString("idNumber"));
        assertFalse(out.containsKey("address"));
        assertEquals(190, out.getInteger("systolic"));
        assertEquals(new JsonObject().put("chineseName", "张*三"), out.getJsonObject("card"));
        JsonArray family = out.getJsonArray("family");
        assertEquals(new JsonObject().put("name", "李*").put("idNumber", "1101**********1234"), family.getJsonObject(0));
        assertEquals("text stays", family.getString(1));
        assertEquals(Set.of("name", "idNumber", "address", "chineseName", "phone"), touched);
        assertEquals("王小明", event.getString("name"), "the event itself is left as it was");
    }

    @Test
    void aHealthCardScanLosesItsTokenAndAnEventWithoutIdentityIsUnchanged() {
        Set<String> touched = new TreeSet<>();
        JsonObject scan = Masking.event(new JsonObject().put("type", "scan").put("category", "healthCard")
                .put("text", "token").put("value", "token"), touched);
        assertEquals(new JsonObject().put("type", "scan").put("category", "healthCard"), scan);
        assertEquals(Set.of("text", "value"), touched);

        Set<String> none = new TreeSet<>();
        JsonObject plain = new JsonObject().put("type", "printer").put("maskedName", "王*明").put("reason", "paper out");
        assertEquals(plain, Masking.event(plain, none));
        assertEquals(Set.of(), none);
    }
}
