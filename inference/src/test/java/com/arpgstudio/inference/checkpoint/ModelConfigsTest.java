package com.arpgstudio.inference.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.arpg.ArpgConfig;
import com.arpgstudio.inference.checkpoint.ModelConfigs.ModelType;
import com.arpgstudio.inference.vq.VqConfig;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Configs derived from the fixture weights equal the fixture's config.json; bad keys are named. */
class ModelConfigsTest {

    private static JsonObject fixtureConfig() throws IOException {
        return JsonParser.parseString(Files.readString(ReferenceFixtures.file("config.json"))).getAsJsonObject();
    }

    private static void assertSameValues(JsonObject expected, JsonObject actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String field : expected.keySet()) {
            JsonElement e = expected.get(field);
            JsonElement a = actual.get(field);
            if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
                assertEquals(e.getAsDouble(), a.getAsDouble(), 0.0, field);
            } else {
                assertEquals(e, a, field);
            }
        }
    }

    @ReferenceFixtures.Needed
    @ParameterizedTest
    @ValueSource(strings = {"arpg.pt", "arpg.safetensors"})
    void arpgConfigWithConfigJsonEqualsConfigJson(String file) throws IOException {
        StateDict weights = StateDict.open(ReferenceFixtures.file(file));
        assertEquals(ModelType.ARPG, ModelConfigs.detect(weights));
        JsonObject beside = ModelConfigs.readConfigBeside(ReferenceFixtures.file(file));
        assertSameValues(fixtureConfig().getAsJsonObject("arpg"), ModelConfigs.arpg(weights, beside));
    }

    @ReferenceFixtures.Needed
    @ParameterizedTest
    @ValueSource(strings = {"arpg.pt", "arpg.safetensors"})
    void arpgConfigRecordFromWeightsEqualsConfigJson(String file) throws IOException {
        StateDict weights = StateDict.open(ReferenceFixtures.file(file));
        assertEquals(ArpgConfig.fromJson(ReferenceFixtures.file("config.json")),
                ArpgConfig.fromWeights(weights, ModelConfigs.readConfigBeside(ReferenceFixtures.file(file))));
    }

    @ReferenceFixtures.Needed
    @ParameterizedTest
    @ValueSource(strings = {"arpg.pt", "arpg.safetensors"})
    void arpgShapesFromWeightsAloneMatchConfigJson(String file) throws IOException {
        JsonObject expected = fixtureConfig().getAsJsonObject("arpg");
        JsonObject derived = ModelConfigs.arpgFromWeights(StateDict.open(ReferenceFixtures.file(file)));
        for (String field : new String[] {"dim", "n_layer", "vocab_size", "num_classes"}) {
            assertEquals(expected.get(field).getAsLong(), derived.get(field).getAsLong(), field);
        }
        assertEquals(ModelConfigs.DEFAULT_BLOCK_SIZE, derived.get("block_size").getAsInt());
        assertEquals(Math.max(1, expected.get("dim").getAsInt() / 64), derived.get("n_head").getAsInt());
    }

    @ReferenceFixtures.Needed
    @ParameterizedTest
    @ValueSource(strings = {"vq.pt", "vq.safetensors"})
    void vqConfigFromWeightsEqualsConfigJson(String file) throws IOException {
        StateDict weights = StateDict.open(ReferenceFixtures.file(file));
        assertEquals(ModelType.VQ, ModelConfigs.detect(weights));
        VqConfig derived = VqConfig.fromWeights(weights);
        VqConfig expected = VqConfig.fromJson(fixtureConfig());
        // codebook_l2_norm and norm_groups are not recorded in weights: compare what they record
        assertEquals(expected.ch(), derived.ch());
        assertEquals(expected.chMult(), derived.chMult());
        assertEquals(expected.zChannels(), derived.zChannels());
        assertEquals(expected.codebookSize(), derived.codebookSize());
        assertEquals(expected.codebookEmbedDim(), derived.codebookEmbedDim());
        assertEquals(expected.numResBlocks(), derived.numResBlocks());
    }

    @ReferenceFixtures.Needed
    @ParameterizedTest
    @ValueSource(strings = {"vq.pt", "vq.safetensors"})
    void vqConfigWithConfigJsonEqualsConfigJson(String file) throws IOException {
        StateDict weights = StateDict.open(ReferenceFixtures.file(file));
        assertEquals(VqConfig.fromJson(fixtureConfig()),
                VqConfig.fromWeights(weights, ModelConfigs.readConfigBeside(ReferenceFixtures.file(file))));
        JsonObject contradicting = fixtureConfig();
        contradicting.getAsJsonObject("vq").addProperty("z_channels", 12345);
        CheckpointException e = assertThrows(CheckpointException.class, () -> VqConfig.fromWeights(weights, contradicting));
        assertTrue(e.getMessage().contains("z_channels") && e.getMessage().contains("12345"), e.getMessage());
    }

    /** A synthetic ARPG state dict of zeros (never read): dim 128, 2+2 layers, vocab 16, 5 classes. */
    private static Map<String, StoredTensor> tinyArpg() {
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        put(tensors, "embeddings.weight", 16 + 5 + 3, 128);
        put(tensors, "head.weight", 16, 128);
        put(tensors, "norm.weight", 128);
        put(tensors, "layers.norm.weight", 128);
        put(tensors, "layers.to_k.weight", 128, 128);
        put(tensors, "layers.to_v.weight", 128, 128);
        for (String kind : new String[] {"self_dec", "cross_dec"}) {
            for (int i = 0; i < 2; i++) {
                String b = "layers." + kind + "." + i + ".";
                for (String p : kind.equals("self_dec") ? new String[] {"to_q", "to_k", "to_v", "proj"} : new String[] {"to_q", "proj"}) {
                    put(tensors, b + "attn." + p + ".weight", 128, 128);
                }
                put(tensors, b + "attn_norm.weight", 128);
                put(tensors, b + "ffn_norm.weight", 128);
                put(tensors, b + "ffn.w1.weight", 512, 128);
                put(tensors, b + "ffn.w3.weight", 512, 128);
                put(tensors, b + "ffn.w2.weight", 128, 512);
            }
        }
        return tensors;
    }

    private static void put(Map<String, StoredTensor> tensors, String name, long... shape) {
        tensors.put(name, new StoredTensor(name, DType.F32, shape, () -> ByteBuffer.allocate(0)));
    }

    private static StateDict dict(Map<String, StoredTensor> tensors) {
        return new StateDict(Path.of("synthetic.safetensors"), tensors);
    }

    @Test
    void derivesShapesAndHeadsOfReleasedModels() throws IOException {
        JsonObject config = ModelConfigs.arpgFromWeights(dict(tinyArpg()));
        assertEquals(128, config.get("dim").getAsInt());
        assertEquals(4, config.get("n_layer").getAsInt());
        assertEquals(2, config.get("n_head").getAsInt());
        assertEquals(16, config.get("vocab_size").getAsInt());
        assertEquals(5, config.get("num_classes").getAsInt());
        assertEquals(256, config.get("block_size").getAsInt());
        assertEquals(256, config.get("multiple_of").getAsInt()); // int(2 * 512 / 3) = 341 rounds up to 512
    }

    @Test
    void unusualFfnWidthIsReproduced() throws IOException {
        Map<String, StoredTensor> tensors = tinyArpg();
        for (String kind : new String[] {"self_dec", "cross_dec"}) {
            for (int i = 0; i < 2; i++) {
                String b = "layers." + kind + "." + i + ".";
                put(tensors, b + "ffn.w1.weight", 352, 128);
                put(tensors, b + "ffn.w3.weight", 352, 128);
                put(tensors, b + "ffn.w2.weight", 128, 352);
            }
        }
        JsonObject config = ModelConfigs.arpgFromWeights(dict(tensors));
        long base = (long) (2 * (4 * 128) / 3.0);
        long multipleOf = config.get("multiple_of").getAsLong();
        assertEquals(352, base % multipleOf == 0 ? base : base + multipleOf - base % multipleOf);
    }

    @Test
    void misShapedMissingAndUnknownKeysAreNamed() {
        Map<String, StoredTensor> wrong = tinyArpg();
        put(wrong, "layers.cross_dec.1.ffn.w2.weight", 128, 500);
        CheckpointException e = assertThrows(CheckpointException.class, () -> ModelConfigs.arpgFromWeights(dict(wrong)));
        assertTrue(e.getMessage().contains("layers.cross_dec.1.ffn.w2.weight")
                && e.getMessage().contains("[128, 512]") && e.getMessage().contains("[128, 500]"), e.getMessage());

        Map<String, StoredTensor> missing = tinyArpg();
        missing.remove("layers.to_v.weight");
        e = assertThrows(CheckpointException.class, () -> ModelConfigs.arpgFromWeights(dict(missing)));
        assertTrue(e.getMessage().contains("layers.to_v.weight"), e.getMessage());

        Map<String, StoredTensor> extra = tinyArpg();
        put(extra, "layers.self_dec.0.attn.bias", 128);
        e = assertThrows(CheckpointException.class, () -> ModelConfigs.arpgFromWeights(dict(extra)));
        assertTrue(e.getMessage().contains("unexpected key 'layers.self_dec.0.attn.bias'"), e.getMessage());

        Map<String, StoredTensor> uneven = tinyArpg();
        put(uneven, "layers.self_dec.2.attn_norm.weight", 128);
        e = assertThrows(CheckpointException.class, () -> ModelConfigs.arpgFromWeights(dict(uneven)));
        assertTrue(e.getMessage().contains("found 3 and 2"), e.getMessage());
    }

    @Test
    void configJsonMustAgreeWithTheWeights() {
        JsonObject config = JsonParser.parseString("{\"arpg\": {\"dim\": 256, \"n_head\": 4}}").getAsJsonObject();
        CheckpointException e = assertThrows(CheckpointException.class, () -> ModelConfigs.arpg(dict(tinyArpg()), config));
        assertTrue(e.getMessage().contains("dim 256") && e.getMessage().contains("embeddings.weight"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"block_size\": 2147395600}", "{\"block_size\": 0}", "{\"multiple_of\": 0}",
            "{\"multiple_of\": -256}"})
    void absurdSizesInConfigJsonAreRefusedBeforeAnythingIsBuilt(String json) {
        JsonObject config = JsonParser.parseString(json).getAsJsonObject();
        CheckpointException e = assertThrows(CheckpointException.class, () -> ModelConfigs.arpg(dict(tinyArpg()), config));
        assertTrue(e.getMessage().contains(json.substring(2, json.indexOf('"', 2))), e.getMessage());
    }

    @Test
    void configJsonNestedThousandsDeepIsAParseErrorNotAStackOverflow(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path file = Files.writeString(dir.resolve("config.json"), "{\"arpg\": {\"dim\": " + "[".repeat(20_000)
                + "]".repeat(20_000) + "}}");
        CheckpointException e = assertThrows(CheckpointException.class, () -> ModelConfigs.readConfig(file));
        assertTrue(e.getMessage().contains("nested"), e.getMessage());
    }
}
