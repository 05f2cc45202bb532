package com.arpgstudio.inference.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Rect;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests the server must refuse, over real HTTP: each gets a 4xx with a JSON message naming the
 * problem, and the server goes on serving (a real fill works after all of them).
 */
@ReferenceFixtures.Needed
class ServeBadRequestsTest {

    private static final long MAX_BODY = 512 * 1024;
    private static final long MAX_PIXELS = 200 * 200;

    private static ServeFixture fixture;
    private static byte[] image;
    private static byte[] mask;

    @BeforeAll
    static void start() throws Exception {
        fixture = ServeFixture.start(config -> config.maxBodyBytes(MAX_BODY).maxPixels(MAX_PIXELS));
        int size = 64;
        image = ServeFixture.png(ServeFixture.picture(size, size));
        mask = ServeFixture.png(PixelMask.ofRect(size, size, new Rect(16, 16, 16, 16)).toImage());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static void assertRefused(int status, String fragment, HttpResponse<byte[]> response) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertEquals(status, response.statusCode(), body);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), body);
        String message = ServeFixture.message(response);
        assertTrue(message.toLowerCase(Locale.ROOT).contains(fragment.toLowerCase(Locale.ROOT)),
                "expected the message to name '" + fragment + "': " + message);
    }

    private static HttpResponse<byte[]> inpaint(Form form) throws Exception {
        return fixture.post("/api/v1/inpaint", form);
    }

    @Test
    void missingOrUnknownOrRepeatedPartsAreNamed() throws Exception {
        assertRefused(400, "missing part \"mask\"", inpaint(new Form().file("image", image)));
        assertRefused(400, "missing part \"image\"", fixture.post("/api/v1/expand", new Form()));
        assertRefused(400, "\"imgae\" is not used", inpaint(new Form().file("imgae", image).file("mask", mask)));
        assertRefused(400, "\"image\" is given twice",
                inpaint(new Form().file("image", image).file("image", image).file("mask", mask)));
        assertRefused(400, "missing part \"operation\"", fixture.post("/api/v1/jobs", new Form().file("image", image)));
        assertRefused(400, "operation: expected", fixture.post("/api/v1/jobs",
                new Form().field("operation", "paint").file("image", image)));
    }

    @Test
    void whatIsNotAnImageOrIsTooLargeIsRefusedBeforeDecoding() throws Exception {
        assertRefused(400, "not a PNG, JPEG", inpaint(new Form().file("image", "hello".getBytes()).file("mask", mask)));
        assertRefused(400, "empty", inpaint(new Form().file("image", new byte[0]).file("mask", mask)));
        assertRefused(413, "100000x100000", inpaint(new Form().file("image", pngHeader(100_000, 100_000))
                .file("mask", mask)));
        assertRefused(413, "201x200", inpaint(new Form().file("image", ServeFixture.png(ServeFixture.picture(201, 200)))
                .file("mask", mask)));
        byte[] big = new byte[(int) MAX_BODY + 1];
        assertRefused(413, "larger than this server's limit", inpaint(new Form().file("image", big)
                .file("mask", mask)));
    }

    @Test
    void settingsOutOfRangeMalformedOrMisnamedAreRefused() throws Exception {
        assertRefused(400, "'steps': expected 1..", inpaint(valid("{\"steps\": 0}")));
        assertRefused(400, "'steps': expected 1..", inpaint(valid("{\"steps\": 100000}")));
        assertRefused(400, "'variants': expected 1..", inpaint(valid("{\"variants\": 17}")));
        assertRefused(400, "'guidanceScale': expected 1.0..", inpaint(valid("{\"guidanceScale\": 0.5}")));
        assertRefused(400, "malformed JSON", inpaint(valid("{\"steps\": ")));
        assertRefused(400, "expected a JSON object", inpaint(valid("[1, 2]")));
        assertRefused(400, "'stpes': expected one of [classId, steps,", inpaint(valid("{\"stpes\": 3}")));
        assertRefused(400, "'class': expected one of [classId, steps,", inpaint(valid("{\"class\": 3}")));
        assertRefused(400, "'steps' = \"many\" is not usable (expected an integer)",
                inpaint(valid("{\"steps\": \"many\"}")));
        assertRefused(400, "'steps' = 2.5 is not usable (expected an integer)", inpaint(valid("{\"steps\": 2.5}")));
        assertRefused(400, "'guidanceSchedule' = \"cubic\" is not usable (expected one of [constant, linear])",
                inpaint(valid("{\"guidanceSchedule\": \"cubic\"}")));
        assertRefused(400, "nested at most", inpaint(valid("[".repeat(5000) + "]".repeat(5000))));
        // checked by the engine itself, as for the command line
        assertRefused(400, "class: expected 0..", inpaint(valid("{\"classId\": 99999, \"steps\": 1}")));
    }

    @Test
    void whatTheEngineRefusesComesBackAsAnError() throws Exception {
        byte[] emptyMask = ServeFixture.png(new PixelMask(64, 64).toImage());
        assertRefused(400, "paints no pixel", inpaint(new Form().file("image", image).file("mask", emptyMask)
                .field("settings", "{\"steps\": 1}")));
        byte[] smallMask = ServeFixture.png(new PixelMask(32, 64).toImage());
        assertRefused(400, "mask size", inpaint(new Form().file("image", image).file("mask", smallMask)
                .field("settings", "{\"steps\": 1}")));
        assertRefused(400, "every margin is 0", fixture.post("/api/v1/outpaint", new Form().file("image", image)));
        assertRefused(400, "margins: expected values >= 0", fixture.post("/api/v1/outpaint",
                new Form().file("image", image).field("left", "-5")));
        assertRefused(400, "left: expected a number", fixture.post("/api/v1/outpaint",
                new Form().file("image", image).field("left", "wide")));
    }

    @Test
    void wrongPathsMethodsAndBodiesAreRefused() throws Exception {
        assertRefused(404, "no endpoint", fixture.get("/api/v1/paint"));
        assertRefused(404, "no endpoint", fixture.get("/index.html"));
        HttpResponse<byte[]> wrongMethod = fixture.get("/api/v1/inpaint");
        assertRefused(405, "use POST", wrongMethod);
        assertEquals("POST", wrongMethod.headers().firstValue("Allow").orElse(""));
        assertRefused(415, "multipart/form-data", fixture.send(fixture.request("/api/v1/inpaint")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))));
        assertRefused(404, "no job", fixture.get("/api/v1/jobs/nope"));
        assertRefused(404, "no job", fixture.delete("/api/v1/jobs/nope"));
        assertRefused(403, "web pages", fixture.send(fixture.request("/api/v1/health").header("Origin",
                "http://evil.example")));
        assertEquals(200, fixture.send(fixture.request("/api/v1/health").header("Origin", "http://localhost:3000"))
                .statusCode());
        String rebound = raw("GET /api/v1/health HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
        assertTrue(rebound.startsWith("HTTP/1.1 403"), rebound);
        String garbage = raw("BREW /pot HTTP/1.1\r\n" + "X: " + "y".repeat(40_000) + "\r\n\r\n");
        assertTrue(garbage.startsWith("HTTP/1.1 4"), garbage);
    }

    @Test
    void aServerWithATokenRefusesRequestsWithoutIt() throws Exception {
        String token = "a-token-of-thirty-two-characters";
        try (ServeFixture secured = ServeFixture.start(config -> config.token(token))) {
            HttpResponse<byte[]> none = secured.get("/api/v1/health");
            assertRefused(401, "needs a token", none);
            assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(""));
            assertRefused(401, "wrong token", secured.send(secured.request("/api/v1/health")
                    .header("Authorization", "Bearer " + token.replace('a', 'b'))));
            assertRefused(401, "needs a token", secured.post("/api/v1/inpaint", valid("{}")));
            assertEquals(200, secured.send(secured.request("/api/v1/health")
                    .header("Authorization", "Bearer " + token)).statusCode());
        }
    }

    @Test
    void silentAndSlowConnectionsAreClosed() throws Exception {
        Duration timeout = Duration.ofMillis(500);
        try (ServeFixture strict = ServeFixture.start(config -> config.requestTimeout(timeout))) {
            int port = strict.server.port();
            assertTrue(closedWithin(port, Duration.ofSeconds(5), out -> { }), "a connection that sends nothing");
            assertTrue(closedWithin(port, Duration.ofSeconds(5), out -> out.write("GET /api/v1/health HTTP/1.1\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1))), "a request that never ends");
            assertTrue(closedWithin(port, Duration.ofSeconds(5), out -> {
                byte[] request = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(
                        StandardCharsets.ISO_8859_1);
                for (int i = 0; i < 40; i++) { // one byte every 100 ms: active, but never done
                    out.write(request[Math.min(i, request.length - 1)]);
                    out.flush();
                    Thread.sleep(100);
                }
            }), "a request sent one byte at a time");
        }
    }

    /** Whether the server closes a connection after {@code send} within {@code limit}. */
    private static boolean closedWithin(int port, Duration limit, Sender send) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) limit.toMillis());
            try {
                send.send(socket.getOutputStream());
            } catch (IOException closedWhileSending) {
                return true;
            }
            try {
                socket.getInputStream().readAllBytes(); // returns at the end of the stream: closed
                return true;
            } catch (java.net.SocketTimeoutException stillOpen) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }
    }

    private interface Sender {
        void send(OutputStream out) throws Exception;
    }

    @Test
    void afterEveryRefusalTheServerStillFills() throws Exception {
        wrongPathsMethodsAndBodiesAreRefused();
        settingsOutOfRangeMalformedOrMisnamedAreRefused();
        HttpResponse<byte[]> ok = inpaint(valid("{\"steps\": 2, \"seed\": 1}"));
        assertEquals(200, ok.statusCode(), new String(ok.body(), StandardCharsets.UTF_8));
        ArgbImage result = ServeFixture.image(ok.body());
        assertEquals(64, result.width());
        assertEquals(200, fixture.get("/api/v1/health").statusCode());
    }

    private static Form valid(String settings) {
        return new Form().file("image", image).file("mask", mask).field("settings", settings);
    }

    /** The first line and headers of a PNG claiming this size, with no pixels. */
    private static byte[] pngHeader(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(ihdr);
        data.writeBytes("IHDR");
        data.writeInt(width);
        data.writeInt(height);
        data.write(new byte[] {8, 6, 0, 0, 0});
        CRC32 crc = new CRC32();
        crc.update(ihdr.toByteArray());
        DataOutputStream file = new DataOutputStream(out);
        file.writeInt(13);
        file.write(ihdr.toByteArray());
        file.writeInt((int) crc.getValue());
        return out.toByteArray();
    }

    /** A request written byte for byte (for what HttpClient will not send), and the answer's text. */
    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", fixture.server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
