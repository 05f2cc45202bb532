package com.arpgstudio.inference.runtime;

import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.checkpoint.StateDict;
import com.arpgstudio.inference.vq.VqConfig;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * "Released" models made of the reference fixtures (the official layout at a tiny size), so that a
 * local hub can serve a model that passes every download check in a fraction of a second. Sizes
 * come from the fixture folder's own config.json and weights, so any fixture folder works.
 */
public final class FixtureReleases {

    public static final String TOKENIZER_FILE = "vq_fixture.pt";

    private FixtureReleases() {}

    /** The fixture VQ as a released tokenizer (its configuration read from its weights). */
    public static ReleasedTokenizer tokenizer() {
        try {
            VqConfig config = VqConfig.fromWeights(StateDict.open(ReferenceFixtures.file("vq.pt")));
            return new ReleasedTokenizer("test/vq", TOKENIZER_FILE, Files.size(ReferenceFixtures.file("vq.pt")) / 4, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture ARPG as a released model with that id, name and hub file. */
    public static ReleasedModel model(String id, String name, String hubFile) {
        try {
            JsonObject arpg = JsonParser.parseString(Files.readString(ReferenceFixtures.file("config.json")))
                    .getAsJsonObject().getAsJsonObject("arpg");
            return new ReleasedModel(id, name, hubFile, Files.size(ReferenceFixtures.file("arpg.pt")) / 4, 4.0,
                    arpg.get("dim").getAsInt(), arpg.get("n_layer").getAsInt(), arpg.get("num_classes").getAsInt(),
                    tokenizer());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts both files of the model on the hub; returns the served ARPG file's description. */
    public static TestHub.Served serve(TestHub hub, ReleasedModel model) throws IOException {
        hub.put(model.tokenizer().file(), Files.readAllBytes(ReferenceFixtures.file("vq.pt")));
        return hub.put(model.hubFile(), Files.readAllBytes(ReferenceFixtures.file("arpg.pt")));
    }
}
