package com.arpgstudio.inference.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.arpg.SamplingJson;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.EditListener;
import com.arpgstudio.inference.edit.EditOptions;
import com.arpgstudio.inference.edit.EditRequest;
import com.arpgstudio.inference.edit.Editor;
import com.arpgstudio.inference.edit.PixelDigest;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.PreviewPolicy;
import com.arpgstudio.inference.edit.Rect;
import com.arpgstudio.inference.runtime.Cancellation;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint over real HTTP on loopback (the JDK's HttpClient) with the fixture's tiny models:
 * the right sizes, every pixel outside the edited area identical, and the same pixels the engine
 * gives when called directly with the same request.
 */
@ReferenceFixtures.Needed
class ArpgServerTest {

    private static final String SETTINGS = "{\"steps\": 4, \"seed\": 11, \"classId\": 1}";

    private static ServeFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = ServeFixture.start(config -> config);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void healthModelsAndTheOpenApiDocumentDescribeTheServer() throws Exception {
        HttpResponse<byte[]> health = fixture.get("/api/v1/health");
        assertEquals(200, health.statusCode());
        JsonObject body = ServeFixture.json(health);
        assertEquals("ok", body.get("status").getAsString());
        assertEquals("fixture", body.getAsJsonObject("model").get("id").getAsString());
        assertEquals(ServeConfig.defaults().queueLimit(), body.getAsJsonObject("queue").get("limit").getAsInt());

        JsonObject models = ServeFixture.json(fixture.get("/api/v1/models"));
        JsonObject loaded = models.getAsJsonObject("loaded");
        assertEquals(fixture.loaded.models().generator().numClasses(), loaded.get("classes").getAsInt());
        assertEquals(fixture.size * 2, loaded.get("windowWidth").getAsInt());
        assertTrue(models.get("models").isJsonArray());
        JsonObject sampling = loaded.getAsJsonObject("sampling");
        assertEquals(Set.copyOf(SamplingSettings.RECOMMENDABLE), sampling.keySet());
        assertEquals(fixture.server.model().recommended().steps(), sampling.get("steps").getAsInt());

        HttpResponse<byte[]> openApi = fixture.get("/api/v1/openapi.json");
        assertEquals(200, openApi.statusCode());
        JsonObject document = ServeFixture.json(openApi);
        JsonObject paths = document.getAsJsonObject("paths");
        assertEquals(Set.of("/api/v1/health", "/api/v1/models", "/api/v1/openapi.json", "/api/v1/inpaint",
                "/api/v1/outpaint", "/api/v1/expand", "/api/v1/generate", "/api/v1/jobs", "/api/v1/jobs/{id}",
                "/api/v1/jobs/{id}/events", "/api/v1/jobs/{id}/result"), paths.keySet());
        JsonObject settings = document.getAsJsonObject("components").getAsJsonObject("schemas")
                .getAsJsonObject("Settings").getAsJsonObject("properties");
        assertEquals(Set.copyOf(SamplingJson.KEYS), settings.keySet(), "the documented settings are the accepted ones");
        SamplingSettings defaults = SamplingSettings.DEFAULTS;
        assertEquals(SamplingSettings.MAX_STEPS, settings.getAsJsonObject("steps").get("maximum").getAsInt());
        assertEquals(SamplingSettings.MAX_VARIANTS, settings.getAsJsonObject("variants").get("maximum").getAsInt());
        assertEquals(SamplingSettings.MIN_GUIDANCE, settings.getAsJsonObject("guidanceScale").get("minimum")
                .getAsDouble());
        assertEquals(SamplingSettings.MAX_GUIDANCE, settings.getAsJsonObject("guidanceScale").get("maximum")
                .getAsDouble());
        assertEquals(SamplingSettings.MAX_TEMPERATURE, settings.getAsJsonObject("temperature").get("maximum")
                .getAsDouble());
        assertEquals(SamplingSettings.MIN_TEMPERATURE, settings.getAsJsonObject("temperature").get("minimum")
                .getAsDouble());
        assertEquals(SamplingSettings.MAX_TOP_K, settings.getAsJsonObject("topK").get("maximum").getAsInt());
        assertEquals(SamplingSettings.MIN_TOP_P, settings.getAsJsonObject("topP").get("minimum").getAsDouble());
        assertEquals(defaults.steps(), settings.getAsJsonObject("steps").get("default").getAsInt());
        assertEquals(defaults.guidanceScale(), settings.getAsJsonObject("guidanceScale").get("default").getAsDouble());
        assertEquals(defaults.guidanceSchedule().toString(), settings.getAsJsonObject("guidanceSchedule")
                .get("default").getAsString());
        assertEquals(defaults.variants(), settings.getAsJsonObject("variants").get("default").getAsInt());
    }

    @Test
    void inpaintKeepsEveryPixelOutsideTheMaskAndGivesTheEnginesPixels() throws Exception {
        int size = fixture.size;
        ArgbImage image = ServeFixture.picture(size, size);
        Rect hole = new Rect(size / 4, size / 3, size / 3, size / 4);
        PixelMask mask = PixelMask.ofRect(size, size, hole);
        HttpResponse<byte[]> response = fixture.post("/api/v1/inpaint", new Form()
                .file("image", ServeFixture.png(image)).file("mask", ServeFixture.png(mask.toImage()))
                .field("settings", SETTINGS));
        assertEquals(200, response.statusCode(), () -> new String(response.body()));
        assertEquals("image/png", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("11", response.headers().firstValue("X-Arpg-Seed").orElse(""));
        ArgbImage result = ServeFixture.image(response.body());
        assertEquals(size, result.width());
        assertEquals(size, result.height());
        Rect band = hole.grow(EditOptions.defaults().featherPixels() + EditOptions.defaults().dilationPixels(),
                image.bounds());
        int changedOutside = 0;
        int changedInside = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean same = image.get(x, y) == result.get(x, y);
                if (!band.contains(x, y) && !same) {
                    changedOutside++;
                }
                if (hole.contains(x, y) && !same) {
                    changedInside++;
                }
            }
        }
        assertEquals(0, changedOutside, "pixels changed outside the mask and its feather");
        assertTrue(changedInside > 0, "the masked pixels were filled");

        // the keys SETTINGS leaves out take the model's recommended values
        SamplingSettings settings = fixture.server.model().recommended().withSteps(4).withSeed(11).withClassId(1);
        // the server is idle now, so its models may be driven directly for the comparison
        ArgbImage direct = new Editor(fixture.loaded.models(), PreviewPolicy.CODES_ONLY)
                .run(EditRequest.inpaint(image, mask, settings), EditListener.NONE, Cancellation.none()).image();
        assertTrue(direct.samePixels(result), "the server's fill is the engine's fill for the same request");
    }

    @Test
    void outpaintGrowsTheCanvasAndKeepsTheOriginal() throws Exception {
        int size = fixture.size;
        ArgbImage image = ServeFixture.picture(size, size / 2);
        HttpResponse<byte[]> response = fixture.post("/api/v1/outpaint", new Form()
                .file("image", ServeFixture.png(image)).field("right", "32").field("bottom", "16")
                .field("settings", SETTINGS));
        assertEquals(200, response.statusCode(), () -> new String(response.body()));
        ArgbImage result = ServeFixture.image(response.body());
        assertEquals(size + 32, result.width());
        assertEquals(size / 2 + 16, result.height());
        assertTrue(result.crop(image.bounds()).samePixels(image), "the original pixels are untouched");
    }

    @Test
    void expandDoublesTheSize() throws Exception {
        ArgbImage image = ServeFixture.picture(32, 24);
        HttpResponse<byte[]> response = fixture.post("/api/v1/expand", new Form()
                .file("image", ServeFixture.png(image)).field("settings", "{\"steps\": 2, \"seed\": 3}"));
        assertEquals(200, response.statusCode(), () -> new String(response.body()));
        ArgbImage result = ServeFixture.image(response.body());
        assertEquals(64, result.width());
        assertEquals(48, result.height());
    }

    @Test
    void generateMakesOneWindowAndSeveralVariantsComeBackAsJson() throws Exception {
        HttpResponse<byte[]> one = fixture.post("/api/v1/generate", new Form().field("settings", "{\"steps\": 2}"));
        assertEquals(200, one.statusCode(), () -> new String(one.body()));
        ArgbImage generated = ServeFixture.image(one.body());
        assertEquals(fixture.size * 2, generated.width());
        assertEquals(fixture.size * 2, generated.height());

        HttpResponse<byte[]> two = fixture.post("/api/v1/generate", new Form()
                .field("settings", "{\"steps\": 2, \"seed\": 20, \"variants\": 2}"));
        assertEquals(200, two.statusCode(), () -> new String(two.body()));
        assertTrue(two.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonObject body = ServeFixture.json(two);
        JsonArray variants = body.getAsJsonArray("variants");
        assertEquals(2, variants.size());
        List<String> digests = new ArrayList<>();
        for (int v = 0; v < 2; v++) {
            JsonObject variant = variants.get(v).getAsJsonObject();
            assertEquals(20 + v, variant.get("seed").getAsLong());
            ArgbImage image = ServeFixture.image(Base64.getDecoder().decode(variant.get("png").getAsString()));
            digests.add(PixelDigest.of(image));
        }
        assertNotEquals(digests.get(0), digests.get(1), "two seeds, two images");
        List<String> recorded = new ArrayList<>();
        body.getAsJsonObject("record").getAsJsonArray("outputs").forEach(o -> recorded.add(o.getAsString()));
        assertEquals(recorded, digests, "the edit record names the pixels sent");
    }

    @Test
    void aJobStreamsItsStepsAndPreviewsThenItsResult() throws Exception {
        int size = fixture.size / 2;
        ArgbImage image = ServeFixture.picture(size, size);
        PixelMask mask = PixelMask.ofRect(size, size, new Rect(0, 0, size, size / 2));
        HttpResponse<byte[]> created = fixture.post("/api/v1/jobs", new Form().field("operation", "inpaint")
                .file("image", ServeFixture.png(image)).file("mask", ServeFixture.png(mask.toImage()))
                .field("settings", "{\"steps\": 4, \"seed\": 4}"));
        assertEquals(202, created.statusCode(), () -> new String(created.body()));
        JsonObject job = ServeFixture.json(created);
        String id = job.get("id").getAsString();
        assertEquals("/api/v1/jobs/" + id, created.headers().firstValue("Location").orElse(""));

        List<EventsReader.Event> events = new ArrayList<>();
        HttpResponse<InputStream> stream = fixture.client.send(fixture.request("/api/v1/jobs/" + id + "/events")
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        try (EventsReader reader = new EventsReader(stream.body())) {
            for (EventsReader.Event e = reader.next(); e != null; e = reader.next()) {
                events.add(e);
            }
        }
        List<Integer> steps = new ArrayList<>();
        List<Double> fractions = new ArrayList<>();
        int stepCount = 0;
        int previews = 0;
        for (EventsReader.Event e : events) {
            if (e.type().equals("step")) {
                steps.add(e.data().get("step").getAsInt());
                stepCount = e.data().get("steps").getAsInt();
            }
            if (e.type().equals("progress")) {
                fractions.add(e.data().get("fraction").getAsDouble());
            }
            if (e.type().equals("preview")) {
                previews++;
                ArgbImage preview = ServeFixture.image(Base64.getDecoder().decode(e.data().get("png").getAsString()));
                assertTrue(Math.max(preview.width(), preview.height()) <= ServeConfig.defaults().previewMaxSide());
                assertTrue(e.data().getAsJsonObject("region").get("width").getAsInt() > 0);
            }
        }
        EventsReader.Event last = events.get(events.size() - 1);
        assertEquals("done", last.type(), () -> events.toString());
        assertFalse(steps.isEmpty(), "step events");
        for (int i = 1; i < steps.size(); i++) {
            assertTrue(steps.get(i) > steps.get(i - 1), "steps in order, each once (a late stream gets the latest): "
                    + steps);
        }
        assertEquals(stepCount - 1, steps.get(steps.size() - 1), "the last step");
        assertTrue(previews >= 1, "at least one preview PNG");
        assertFalse(fractions.isEmpty(), "progress events");
        for (int i = 1; i < fractions.size(); i++) {
            assertTrue(fractions.get(i) >= fractions.get(i - 1), "progress only goes up: " + fractions);
        }
        assertEquals(1.0, fractions.get(fractions.size() - 1), "the edit's progress ends whole: " + fractions);
        String url = last.data().getAsJsonArray("variants").get(0).getAsJsonObject().get("url").getAsString();

        HttpResponse<byte[]> result = fixture.get(url);
        assertEquals(200, result.statusCode());
        ArgbImage filled = ServeFixture.image(result.body());
        assertEquals(size, filled.width());
        assertEquals(PixelDigest.of(filled), last.data().getAsJsonObject("record").getAsJsonArray("outputs")
                .get(0).getAsString());
        JsonObject status = ServeFixture.json(fixture.get("/api/v1/jobs/" + id));
        assertEquals("done", status.get("state").getAsString());
        assertEquals(409, fixture.delete("/api/v1/jobs/" + id).statusCode(), "a finished job cannot be cancelled");
    }
}
