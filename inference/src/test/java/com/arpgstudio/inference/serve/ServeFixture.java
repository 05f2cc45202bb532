package com.arpgstudio.inference.serve;

import ai.djl.Device;
import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.Editor;
import com.arpgstudio.inference.edit.ImageDecoder;
import com.arpgstudio.inference.edit.LoadedModels;
import com.arpgstudio.inference.edit.ModelFiles;
import com.arpgstudio.inference.edit.PreviewPolicy;
import com.arpgstudio.inference.runtime.Settings;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A server on a free loopback port over the reference fixture's tiny models (CPU), and an
 * HttpClient to call it. Images of half the model's window keep the tests quick on a shared CPU.
 */
final class ServeFixture implements AutoCloseable {

    final LoadedModels loaded;
    final ArpgServer server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** Side of the test images: half the model's window. */
    final int size;

    private ServeFixture(LoadedModels loaded, ArpgServer server) {
        this.loaded = loaded;
        this.server = server;
        this.size = loaded.models().generator().gridColumns() * loaded.models().tokenizer().patchSize() / 2;
    }

    static ServeFixture start(UnaryOperator<ServeConfig.Builder> tweak) throws IOException {
        Path folder = ReferenceFixtures.dir();
        ModelFiles files = ModelFiles.resolve(folder, null, Settings.defaults());
        LoadedModels loaded = LoadedModels.load(files, Device.cpu());
        try {
            Editor editor = new Editor(loaded.models(), PreviewPolicy.CODES_ONLY);
            ServeConfig config = tweak.apply(ServeConfig.defaults().edit().port(0).previewEverySteps(2)).build();
            return new ServeFixture(loaded, ArpgServer.start(editor, new ArpgServer.Model("fixture", "cpu", files.recommendedSettings()),
                    List::of, config));
        } catch (IOException | RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    URI uri(String path) {
        return URI.create(server.url() + path);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(120));
    }

    HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    HttpResponse<byte[]> post(String path, Form form) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", form.contentType()).POST(form.publisher()));
    }

    HttpResponse<byte[]> delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    static JsonObject json(HttpResponse<byte[]> response) {
        return JsonParser.parseString(new String(response.body(), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    /** The error message of a JSON error response. */
    static String message(HttpResponse<byte[]> response) {
        return json(response).getAsJsonObject("error").get("message").getAsString();
    }

    static byte[] png(ArgbImage image) {
        return Pngs.encode(image);
    }

    static ArgbImage image(byte[] png) throws IOException {
        return ImageDecoder.read(new ByteArrayInputStream(png), "response", ImageDecoder.DEFAULT_MAX_PIXELS).image();
    }

    /** A deterministic picture with structure at every scale. */
    static ArgbImage picture(int width, int height) {
        int[] px = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (x * 255) / Math.max(1, width - 1);
                int g = (y * 255) / Math.max(1, height - 1);
                int b = ((x / 8 + y / 8) % 2) * 200;
                px[y * width + x] = 0xff000000 | r << 16 | g << 8 | b;
            }
        }
        return new ArgbImage(width, height, px);
    }

    @Override
    public void close() {
        server.close();
        loaded.close();
    }
}
