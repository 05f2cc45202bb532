package com.arpgstudio.inference.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Rect;
import com.google.gson.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cancelling over HTTP: by DELETE, by closing the events stream, by dropping the connection of a
 * direct call. Each stops the running job within a step of the cancel (at most the step under way
 * ends), promptly after the client acted, and the server goes on serving. Jobs of many steps over
 * the whole window keep the engine busy long enough to cancel them midway.
 */
@ReferenceFixtures.Needed
class ServeCancelTest {

    /** Generous for a loaded shared CPU; a cancel normally follows the client's act within milliseconds. */
    private static final long PROMPT_NANOS = Duration.ofSeconds(2).toNanos();

    private static ServeFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = ServeFixture.start(config -> config);
    }

    /** An inpainting of the whole window in this many steps. */
    private static Form wholeWindow(Form form, int steps) {
        int window = fixture.size * 2;
        return form.file("image", ServeFixture.png(ServeFixture.picture(window, window)))
                .file("mask", ServeFixture.png(PixelMask.ofRect(window, window, new Rect(0, 0, window, window))
                        .toImage()))
                .field("settings", "{\"steps\": " + steps + ", \"seed\": 9}");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static String submitLongJob() throws Exception {
        HttpResponse<byte[]> created = fixture.post("/api/v1/jobs", wholeWindow(new Form().field("operation", "inpaint"),
                200));
        assertEquals(202, created.statusCode(), new String(created.body(), StandardCharsets.UTF_8));
        return ServeFixture.json(created).get("id").getAsString();
    }

    /** Waits until the job's engine has run a few steps. */
    private static Job runningJob(String id) throws InterruptedException {
        Job job = fixture.server.queue().find(id).orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (job.progress() == null || job.progress().lastStep() == null
                || job.progress().lastStep().get("step").getAsInt() < 2) {
            assertTrue(System.nanoTime() < deadline, "the job did not start");
            Thread.sleep(5);
        }
        return job;
    }

    private static void assertStoppedWithinAStep(Job job, long clientActedNanos) throws Exception {
        job.outcome().handle((r, e) -> null).get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(Job.State.CANCELLED, job.state());
        assertTrue(job.cancelNanos() > 0, "the job was asked to stop");
        long delay = job.cancelNanos() - clientActedNanos;
        assertTrue(delay < PROMPT_NANOS, "cancelled " + delay / 1e6 + " ms after the client acted");
        assertTrue(job.progress().stepsAfterCancel() <= 1, "steps after the cancel: "
                + job.progress().stepsAfterCancel());
        int last = job.progress().lastStep().get("step").getAsInt();
        assertTrue(last < 199, "stopped midway, at step " + last);
    }

    @Test
    void deleteStopsTheRunningJobWithinAStepAndAWaitingOneAtOnce() throws Exception {
        String running = submitLongJob();
        String waiting = submitLongJob();
        Job job = runningJob(running);

        HttpResponse<byte[]> dropped = fixture.delete("/api/v1/jobs/" + waiting);
        assertEquals(202, dropped.statusCode());
        assertEquals("cancelled", ServeFixture.json(dropped).get("state").getAsString(), "a waiting job ends at once");

        long deleted = System.nanoTime();
        HttpResponse<byte[]> cancelled = fixture.delete("/api/v1/jobs/" + running);
        assertEquals(202, cancelled.statusCode());
        assertStoppedWithinAStep(job, deleted);

        JsonObject status = ServeFixture.json(fixture.get("/api/v1/jobs/" + running));
        assertEquals("cancelled", status.get("state").getAsString());
        HttpResponse<byte[]> result = fixture.get("/api/v1/jobs/" + running + "/result");
        assertEquals(409, result.statusCode());
        HttpResponse<InputStream> events = fixture.client.send(fixture.request("/api/v1/jobs/" + running + "/events")
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        EventsReader.Event last = null;
        try (EventsReader reader = new EventsReader(events.body())) {
            for (EventsReader.Event e = reader.next(); e != null; e = reader.next()) {
                last = e;
            }
        }
        assertNotNull(last);
        assertEquals("cancelled", last.type(), "a late stream of a cancelled job ends with its last event");
    }

    @Test
    void closingTheEventsStreamCancelsTheJob() throws Exception {
        String id = submitLongJob();
        HttpResponse<InputStream> events = fixture.client.send(fixture.request("/api/v1/jobs/" + id + "/events")
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        EventsReader reader = new EventsReader(events.body());
        for (EventsReader.Event e = reader.next(); ; e = reader.next()) {
            assertNotNull(e, "the stream ended before any step");
            if (e.type().equals("step") && e.data().get("step").getAsInt() >= 2) {
                break;
            }
        }
        Job job = fixture.server.queue().find(id).orElseThrow();
        long closed = System.nanoTime();
        reader.close();
        assertStoppedWithinAStep(job, closed);
    }

    @Test
    void droppingTheConnectionOfADirectCallCancelsItsJob() throws Exception {
        Form direct = wholeWindow(new Form(), 200);
        byte[] body = direct.bytes();
        try (Socket socket = new Socket("127.0.0.1", fixture.server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/inpaint HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + direct.contentType()
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            Job job = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (job == null) {
                assertTrue(System.nanoTime() < deadline, "the job did not start");
                job = fixture.server.queue().running();
                Thread.sleep(5);
            }
            runningJob(job.id());
            long dropped = System.nanoTime();
            socket.close();
            assertStoppedWithinAStep(job, dropped);
        }
    }

    @Test
    void aDirectCallMayRunLongerThanTheRequestTimeout() throws Exception {
        Duration timeout = Duration.ofMillis(100);
        try (ServeFixture strict = ServeFixture.start(config -> config.requestTimeout(timeout))) {
            Form slow = wholeWindow(new Form(), 12);
            long start = System.nanoTime();
            // with Expect: 100-continue, as curl sends large bodies: the interim answer must not end the request
            HttpResponse<byte[]> response = strict.send(strict.request("/api/v1/inpaint").expectContinue(true)
                    .header("Content-Type", slow.contentType()).POST(slow.publisher()));
            long took = System.nanoTime() - start;
            assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
            assertTrue(took > timeout.toNanos(), "the job took " + took / 1e6 + " ms, not longer than the timeout");
        }
    }
}
