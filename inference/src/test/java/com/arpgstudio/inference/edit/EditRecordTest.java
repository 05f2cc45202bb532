package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.runtime.Cancellation;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class EditRecordTest {

    private final EditRecord record = new Editor(FakeModels.of(16), PreviewPolicy.CODES_ONLY).run(
            EditRequest.generate(SamplingSettings.DEFAULTS.withSteps(2).withSeed(9).withClassId(7)),
            EditListener.NONE, Cancellation.none()).record();

    @Test
    void aRecordReadsBackAsItWasWrittenWithItsClassInTheSettings() {
        JsonObject json = JsonParser.parseString(record.toJson()).getAsJsonObject();
        assertEquals(EditRecord.FORMAT, json.get("format").getAsInt());
        assertEquals(7, json.getAsJsonObject("settings").get("classId").getAsInt());
        assertEquals(record, EditRecord.fromJson(record.toJson()));
    }

    @Test
    void aFormat1RecordKeepsItsClassBesideTheSettingsAndIsReadTheSame() {
        JsonObject json = JsonParser.parseString(record.toJson()).getAsJsonObject();
        json.addProperty("format", 1);
        json.add("classId", json.getAsJsonObject("settings").remove("classId"));
        json.getAsJsonObject("settings").remove("detailTemperatureRatio");

        EditRecord read = EditRecord.fromJson(json.toString());

        assertEquals(record.settings(), read.settings());
        assertEquals(EditRecord.FORMAT, read.format());
    }

    @Test
    void aFormat2RecordWithoutTheDetailTemperatureRatioWasDrawnAtTheDefaultOne() {
        EditRecord hotter = new Editor(FakeModels.of(16), PreviewPolicy.CODES_ONLY).run(
                EditRequest.generate(record.settings().withDetailTemperatureRatio(1.6)), EditListener.NONE,
                Cancellation.none()).record();
        JsonObject json = JsonParser.parseString(hotter.toJson()).getAsJsonObject();
        assertEquals(1.6, json.getAsJsonObject("settings").get("detailTemperatureRatio").getAsDouble());
        json.addProperty("format", 2);
        json.getAsJsonObject("settings").remove("detailTemperatureRatio");

        EditRecord read = EditRecord.fromJson(json.toString());

        assertEquals(record.settings(), read.settings());
        assertEquals(SamplingSettings.DEFAULT_DETAIL_TEMPERATURE_RATIO, read.settings().detailTemperatureRatio());
        assertEquals(EditRecord.FORMAT, read.format());
    }

    @Test
    void settingsOutOfRangeAreRefusedNamingTheSetting() {
        String json = record.toJson().replace("\"steps\": 2", "\"steps\": 0");
        EditException e = assertThrows(EditException.class, () -> EditRecord.fromJson(json));
        assertEquals(EditException.Reason.RECORD_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("setting 'steps'"), e.getMessage());

        String fraction = record.toJson().replace("\"steps\": 2", "\"steps\": 2.5");
        EditException notWhole = assertThrows(EditException.class, () -> EditRecord.fromJson(fraction));
        assertTrue(notWhole.getMessage().contains("2.5"), notWhole.getMessage());
    }
}
