package com.arpgstudio.app.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EditRecordsTest {

    @Test
    void keepsTheNewestRecordsInOrderAndPopsOnlyTheNewest() {
        EditRecords records = new EditRecords();
        assertTrue(records.last().isEmpty());
        records.push(null);
        assertTrue(records.all().isEmpty(), "an edit without a record adds none");
        for (int i = 0; i < EditRecords.MAX + 2; i++) {
            records.push("{\"n\":" + i + "}");
        }
        assertEquals(EditRecords.MAX, records.all().size(), "the oldest go first");
        assertEquals("{\"n\":2}", records.all().get(0));
        records.pop("{\"n\":0}");
        assertEquals(EditRecords.MAX, records.all().size(), "only the newest record is popped");
        records.pop("{\"n\":" + (EditRecords.MAX + 1) + "}");
        assertEquals(List.of("{\"n\":" + EditRecords.MAX + "}"), List.of(records.last().orElseThrow()));
    }
}
