package com.arpgstudio.inference.arpg;

import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.checkpoint.StateDict;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;

/** The reference fixture folder ({@code -Darpg.reference}, default {@code ../shared/fixtures/arpg-reference}). */
public final class ReferenceFixture {

    /** One greedy case of generate.json. */
    record Case(String name, int numIter, double guidanceScale, Guidance guidance, Schedule schedule,
            int[] classes, double temperature, int topK, int[] order, int[] tokensPerStep, int[][] tokens) {}

    private ReferenceFixture() {}

    /** Where reference tests run their models: {@code -Darpg.device=gpu} runs them on the GPU (default cpu). */
    public static Device device() {
        return "gpu".equalsIgnoreCase(System.getProperty("arpg.device", "cpu")) ? Device.gpu() : Device.cpu();
    }

    static ArpgConfig config() throws IOException {
        return ArpgConfig.fromJson(ReferenceFixtures.file("config.json"));
    }

    static StateDict tensors(String file) throws IOException {
        return StateDict.open(ReferenceFixtures.file(file));
    }

    static int[] ints(long[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.toIntExact(values[i]);
        }
        return out;
    }

    static int[] ints(JsonArray array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).getAsInt();
        }
        return out;
    }

    static List<Case> cases() throws IOException {
        JsonObject root;
        try (Reader reader = Files.newBufferedReader(ReferenceFixtures.file("generate.json"))) {
            root = JsonParser.parseReader(reader).getAsJsonObject();
        }
        List<Case> cases = new ArrayList<>();
        for (var element : root.getAsJsonArray("cases")) {
            JsonObject c = element.getAsJsonObject();
            JsonArray rows = c.getAsJsonArray("tokens");
            int[][] tokens = new int[rows.size()][];
            for (int r = 0; r < tokens.length; r++) {
                tokens[r] = ints(rows.get(r).getAsJsonArray());
            }
            cases.add(new Case(c.get("name").getAsString(), c.get("num_iter").getAsInt(),
                    c.get("guidance_scale").getAsDouble(),
                    Guidance.valueOf(c.get("cfg_schedule").getAsString().toUpperCase()),
                    Schedule.valueOf(c.get("sample_schedule").getAsString().toUpperCase()),
                    ints(c.getAsJsonArray("classes")), c.get("temperature").getAsDouble(),
                    c.get("top_k").getAsInt(), ints(c.getAsJsonArray("order")),
                    ints(c.getAsJsonArray("tokens_per_step")), tokens));
        }
        return cases;
    }
}
