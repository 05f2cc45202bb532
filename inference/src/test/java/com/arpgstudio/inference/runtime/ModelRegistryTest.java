package com.arpgstudio.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.checkpoint.StateDict;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

    private static final Path FIXTURES = ReferenceFixtures.dir();

    @TempDir
    Path dir;

    private Path modelsDir;
    private Path hub;
    private final List<URLClassLoader> loaders = new ArrayList<>();

    @BeforeEach
    void setUp() {
        modelsDir = dir.resolve("data/models");
        hub = dir.resolve("hf/hub");
    }

    @AfterEach
    void closeLoaders() throws IOException {
        for (URLClassLoader loader : loaders) {
            loader.close();
        }
    }

    /** A class loader whose resources hold the fixture models as the embedded default. */
    private EmbeddedModel embeddedFromFixtures(Path root) throws IOException {
        Path resources = root.resolve(EmbeddedModel.RESOURCE_DIR);
        Files.createDirectories(resources);
        Files.copy(FIXTURES.resolve("arpg.safetensors"), resources.resolve(EmbeddedModel.ARPG_FILE));
        Files.copy(FIXTURES.resolve("vq.safetensors"), resources.resolve(EmbeddedModel.VQ_FILE));
        Files.copy(FIXTURES.resolve("config.json"), resources.resolve(EmbeddedModel.CONFIG_FILE));
        Files.writeString(resources.resolve(EmbeddedModel.CLASSES_FILE), "first\nsecond\n");
        URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
        loaders.add(loader);
        return new EmbeddedModel(loader);
    }

    /** The fixture models' shape, read straight from their config.json. */
    private static ModelShape fixtureShape() throws IOException {
        JsonObject config = JsonParser.parseString(Files.readString(FIXTURES.resolve("config.json"))).getAsJsonObject();
        int blockSize = config.getAsJsonObject("arpg").get("block_size").getAsInt();
        int levels = config.getAsJsonObject("vq").getAsJsonArray("ch_mult").size();
        return new ModelShape((int) Math.sqrt(blockSize), 1 << (levels - 1),
                config.getAsJsonObject("arpg").get("num_classes").getAsInt());
    }

    private ModelRegistry registry(EmbeddedModel embedded, String endpoint) {
        return new ModelRegistry(modelsDir, new HfCache(hub), embedded, endpoint);
    }

    private EmbeddedModel noEmbeddedModel() {
        URLClassLoader empty = new URLClassLoader(new URL[0], null);
        loaders.add(empty);
        return new EmbeddedModel(empty);
    }

    @ReferenceFixtures.Needed
    @Test
    void listsTheEmbeddedModelTheReleasedOnesAndTheUsersInOrder() throws IOException {
        ModelRegistry registry = registry(embeddedFromFixtures(dir.resolve("jar")), ReleasedModel.DEFAULT_ENDPOINT);
        List<List<ModelEntry>> heard = new ArrayList<>();
        registry.addListener(heard::add);

        List<ModelEntry> entries = registry.setUserModels(List.of(new UserModel("mine",
                FIXTURES.resolve("arpg.safetensors").toString(), FIXTURES.resolve("vq.safetensors").toString(), null)));

        assertEquals(List.of("default", "arpg-l", "arpg-xl", "arpg-xxl", "user:mine"),
                entries.stream().map(ModelEntry::id).toList());
        assertEquals(List.of(entries), heard);
    }

    @ReferenceFixtures.Needed
    @Test
    void theEmbeddedModelIsUnpackedOnceAndWorksOffline() throws IOException {
        ModelRegistry registry = registry(embeddedFromFixtures(dir.resolve("jar")), "http://127.0.0.1:9");

        ModelEntry entry = registry.refresh().get(0);

        assertTrue(entry.present(), entry.note());
        assertEquals(ModelEntry.Source.EMBEDDED, entry.source());
        assertEquals(modelsDir.resolve("default"), entry.location());
        assertEquals(fixtureShape(), entry.shape());
        assertEquals(Files.size(FIXTURES.resolve("arpg.safetensors")) + Files.size(FIXTURES.resolve("vq.safetensors")),
                entry.sizeBytes());
        assertEquals(List.of("first", "second"), Files.readAllLines(entry.classNames()));
        assertFalse(entry.downloadable());
        StateDict unpacked = StateDict.open(entry.generator().path());
        assertEquals(StateDict.open(FIXTURES.resolve("arpg.safetensors")).names(), unpacked.names());

        FileTime old = FileTime.fromMillis(0);
        Files.setLastModifiedTime(entry.generator().path(), old);
        registry.refresh();
        assertEquals(old, Files.getLastModifiedTime(entry.generator().path()), "an intact copy is not written again");
    }

    @ReferenceFixtures.Needed
    @Test
    void aDamagedOrOutdatedCopyIsUnpackedAgain() throws IOException {
        Path jar = dir.resolve("jar");
        ModelRegistry registry = registry(embeddedFromFixtures(jar), ReleasedModel.DEFAULT_ENDPOINT);
        Path vq = registry.refresh().get(0).tokenizer().path();
        byte[] original = Files.readAllBytes(vq);

        Files.write(vq, new byte[] {1, 2, 3});
        registry.refresh();
        assertArrayEquals(original, Files.readAllBytes(vq), "a truncated copy is replaced");

        Path classes = jar.resolve(EmbeddedModel.RESOURCE_DIR).resolve(EmbeddedModel.CLASSES_FILE);
        Files.writeString(classes, "other\nnames\n"); // same size, new content: a newer app starts
        URLClassLoader newerApp = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
        loaders.add(newerApp);
        registry(new EmbeddedModel(newerApp), ReleasedModel.DEFAULT_ENDPOINT).refresh();
        assertEquals(List.of("other", "names"), Files.readAllLines(modelsDir.resolve("default/classes.txt")));
    }

    @Test
    void aBuildWithoutTheEmbeddedModelSaysSo() {
        ModelEntry entry = registry(noEmbeddedModel(), ReleasedModel.DEFAULT_ENDPOINT).refresh().get(0);

        assertFalse(entry.present());
        assertTrue(entry.note().contains("no embedded model"), entry.note());
        assertThrows(IOException.class, () -> registry(noEmbeddedModel(), ReleasedModel.DEFAULT_ENDPOINT)
                .require(ModelRegistry.DEFAULT_MODEL_ID));
    }

    @Test
    void releasedFilesAreFoundInTheHuggingFaceCache() throws IOException {
        Path arpg = HfCacheTest.cacheFile(hub, ReleasedModel.ARPG_REPO, "r1", "arpg_300m.pt", new byte[1000]);
        HfCacheTest.cacheFile(hub, ReleasedTokenizer.VQ_16.repo(), "r2", ReleasedTokenizer.VQ_16.file(), new byte[200]);
        ModelRegistry registry = registry(noEmbeddedModel(), ReleasedModel.DEFAULT_ENDPOINT);
        registry.refresh();

        ModelEntry large = registry.find("arpg-l").orElseThrow();
        assertTrue(large.present());
        assertEquals(arpg, large.generator().path());
        assertEquals(1200, large.sizeBytes());
        assertEquals(256, large.shape().windowPixels());
        assertEquals(16, large.shape().gridTokens());
        assertEquals(1000, large.shape().classCount());
        assertTrue(large.note().contains("Hugging Face cache"), large.note());

        ModelEntry xl = registry.find("arpg-xl").orElseThrow();
        assertFalse(xl.present());
        assertTrue(xl.downloadable());
        assertFalse(xl.tokenizer().downloadable(), "the shared VQ-16 is already there");
        assertEquals("https://huggingface.co/hp-l33/ARPG/resolve/main/arpg_700m.pt", xl.generator().downloadUri().toString());
        assertEquals(modelsDir.resolve("arpg_700m.pt"), xl.generator().path(), "a download goes to the models folder");
        assertEquals(719_000_000L * 4 + 200, xl.sizeBytes());
    }

    @Test
    void theAppsOwnCopyWinsOverTheCache() throws IOException {
        HfCacheTest.cacheFile(hub, ReleasedModel.ARPG_REPO, "r1", "arpg_1b.pt", new byte[10]);
        Files.createDirectories(modelsDir);
        Files.write(modelsDir.resolve("arpg_1b.pt"), new byte[20]);

        ModelEntry xxl = registry(noEmbeddedModel(), ReleasedModel.DEFAULT_ENDPOINT).refresh().stream()
                .filter(e -> e.id().equals("arpg-xxl")).findFirst().orElseThrow();

        assertEquals(modelsDir.resolve("arpg_1b.pt"), xxl.generator().path());
        assertEquals(20, xxl.generator().sizeBytes());
    }

    @ReferenceFixtures.Needed
    @Test
    void aUserPairWithoutConfigGetsItsShapeFromTheWeights() throws IOException {
        UserModel withConfig = new UserModel("a", FIXTURES.resolve("arpg.safetensors").toString(),
                FIXTURES.resolve("vq.safetensors").toString(), FIXTURES.resolve("config.json").toString());
        Path bare = Files.createDirectories(dir.resolve("no-config"));
        UserModel withoutConfig = new UserModel("b",
                Files.copy(FIXTURES.resolve("arpg.safetensors"), bare.resolve("arpg.safetensors")).toString(),
                Files.copy(FIXTURES.resolve("vq.safetensors"), bare.resolve("vq.safetensors")).toString(), null);

        ModelEntry described = ModelRegistry.describe(withConfig);
        ModelEntry derived = ModelRegistry.describe(withoutConfig);

        assertTrue(described.present(), described.note());
        assertEquals("", described.note());
        assertTrue(derived.present(), derived.note());
        assertEquals(fixtureShape(), described.shape());
        assertEquals(described.shape().classCount(), derived.shape().classCount());
        assertEquals(described.shape().pixelsPerToken(), derived.shape().pixelsPerToken());
        assertEquals(16, derived.shape().gridTokens(), "the official grid, which weights do not record");
        assertTrue(derived.note().contains("assumed"), derived.note());
        assertEquals("user:b", derived.id());
    }

    @ReferenceFixtures.Needed
    @Test
    void aUserPairUsesTheConfigBesideItsWeights() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("mine"));
        Path arpg = Files.copy(FIXTURES.resolve("arpg.safetensors"), folder.resolve("weights.safetensors"));
        Path vq = Files.copy(FIXTURES.resolve("vq.safetensors"), folder.resolve("tokenizer.safetensors"));
        Path config = Files.copy(FIXTURES.resolve("config.json"), folder.resolve("config.json"));

        ModelEntry entry = ModelRegistry.describe(new UserModel("mine", arpg.toString(), vq.toString(), null));

        assertTrue(entry.present(), entry.note());
        assertEquals(config.toAbsolutePath(), entry.config());
        assertEquals("", entry.note());
        assertEquals(fixtureShape(), entry.shape());
    }

    @ReferenceFixtures.Needed
    @Test
    void aUserPairOfPyTorchCheckpointsIsReadLikeSafetensors() throws IOException {
        UserModel pt = new UserModel("pt", FIXTURES.resolve("arpg.pt").toString(),
                FIXTURES.resolve("vq.pt").toString(), null);

        ModelEntry entry = ModelRegistry.describe(pt);

        assertTrue(entry.present(), entry.note());
        assertEquals(fixtureShape(), entry.shape());
        assertEquals(Files.size(FIXTURES.resolve("arpg.pt")) + Files.size(FIXTURES.resolve("vq.pt")), entry.sizeBytes());
    }

    @ReferenceFixtures.Needed
    @Test
    void aConfigThatContradictsTheWeightsIsReported() throws IOException {
        JsonObject config = JsonParser.parseString(Files.readString(FIXTURES.resolve("config.json"))).getAsJsonObject();
        int classes = config.getAsJsonObject("arpg").get("num_classes").getAsInt();
        config.getAsJsonObject("arpg").addProperty("num_classes", classes + 1);
        Path wrong = dir.resolve("wrong-config.json");
        Files.writeString(wrong, config.toString());

        ModelEntry entry = ModelRegistry.describe(new UserModel("wrong", FIXTURES.resolve("arpg.safetensors").toString(),
                FIXTURES.resolve("vq.safetensors").toString(), wrong.toString()));

        assertFalse(entry.present());
        assertTrue(entry.note().contains("num_classes"), entry.note());
    }

    @ReferenceFixtures.Needed
    @Test
    void aUserPairWithAMissingFileIsListedButNotUsable() {
        UserModel gone = new UserModel("gone", dir.resolve("nope.pt").toString(),
                FIXTURES.resolve("vq.safetensors").toString(), null);

        ModelEntry entry = ModelRegistry.describe(gone);

        assertFalse(entry.present());
        assertNull(entry.shape());
        assertTrue(entry.note().contains("nope.pt"), entry.note());
    }

    @ReferenceFixtures.Needed
    @Test
    void aUserPairThatIsNotAModelSaysWhy() throws IOException {
        UserModel swapped = new UserModel("swapped", FIXTURES.resolve("vq.safetensors").toString(),
                FIXTURES.resolve("arpg.safetensors").toString(), null);

        ModelEntry entry = ModelRegistry.describe(swapped);

        assertFalse(entry.present());
        assertTrue(entry.note().startsWith("cannot read"), entry.note());
        assertTrue(entry.note().contains("vq.safetensors is not ARPG weights: it holds a VQ image tokenizer"),
                entry.note());
    }

    @ReferenceFixtures.Needed
    @Test
    void downloadsAMissingReleasedModelIntoTheModelsFolder() throws Exception {
        ReleasedModel small = FixtureReleases.model("small", "Small", "small.pt");
        ReleasedModel other = FixtureReleases.model("other", "Other", "other.pt");
        try (TestHub testHub = new TestHub()) {
            FixtureReleases.serve(testHub, small);
            ModelRegistry registry = new ModelRegistry(modelsDir, new HfCache(hub), noEmbeddedModel(),
                    testHub.endpoint(), List.of(small, other));
            ModelEntry before = registry.refresh().stream().filter(e -> e.id().equals("small")).findFirst().orElseThrow();
            assertEquals(small.shape(), before.shape());
            List<String> files = new ArrayList<>();
            List<ModelDownload.Progress> reports = new ArrayList<>();

            ModelDownload download = registry.prepareDownload(before, new Downloads(TestHub.options()), p -> {
                reports.add(p);
                if (files.isEmpty() || !files.get(files.size() - 1).equals(p.file().fileName())) {
                    files.add(p.file().fileName());
                }
            });
            assertEquals(2, download.fileCount());
            download.run();

            assertEquals(List.of(FixtureReleases.TOKENIZER_FILE, "small.pt"), files, "the tokenizer first");
            ModelEntry after = registry.require("small");
            assertArrayEquals(Files.readAllBytes(FIXTURES.resolve("arpg.pt")), Files.readAllBytes(after.generator().path()));
            assertArrayEquals(Files.readAllBytes(FIXTURES.resolve("vq.pt")), Files.readAllBytes(after.tokenizer().path()));
            ModelDownload.Progress last = reports.get(reports.size() - 1);
            assertEquals(after.sizeBytes(), last.totalBytes(), "the model's progress covers both files");
            assertEquals(1.0, last.fraction());
            for (int i = 1; i < reports.size(); i++) {
                assertTrue(reports.get(i).bytesDone() >= reports.get(i - 1).bytesDone(), "model progress never goes back");
            }
            assertTrue(registry.find("other").orElseThrow().tokenizer().present(), "the tokenizer serves every released model");
            assertNotEquals(after, before);
        }
    }

    @ReferenceFixtures.Needed
    @Test
    void aDownloadThatIsNotTheModelItClaimsIsNotInstalled() throws Exception {
        ReleasedModel small = FixtureReleases.model("small", "Small", "small.pt");
        try (TestHub testHub = new TestHub()) {
            FixtureReleases.serve(testHub, small);
            // The hub serves the tokenizer's bytes under the model's name (with a matching hash).
            testHub.put("small.pt", Files.readAllBytes(FIXTURES.resolve("vq.pt")));
            ModelRegistry registry = new ModelRegistry(modelsDir, new HfCache(hub), noEmbeddedModel(),
                    testHub.endpoint(), List.of(small));
            ModelEntry entry = registry.refresh().get(1);

            DownloadException e = assertThrows(DownloadException.class, () -> registry.prepareDownload(entry,
                    new Downloads(TestHub.options()), p -> { }).run());

            assertEquals(DownloadException.Reason.CORRUPT, e.reason());
            assertTrue(e.getMessage().contains("is not the Small weights: it holds a VQ image tokenizer"), e.getMessage());
            assertFalse(Files.exists(modelsDir.resolve("small.pt")));
            assertFalse(Files.exists(modelsDir.resolve("small.pt.part")));
            ModelEntry after = registry.find("small").orElseThrow();
            assertFalse(after.present(), "listed as not downloaded, never as present");
            assertTrue(after.tokenizer().present(), "the tokenizer passed its own check and stays");
        }
    }

    @ReferenceFixtures.Needed
    @Test
    void aFullDiskIsRefusedBeforeAnyFileIsFetched() throws Exception {
        ReleasedModel small = FixtureReleases.model("small", "Small", "small.pt");
        try (TestHub testHub = new TestHub()) {
            FixtureReleases.serve(testHub, small);
            ModelRegistry registry = new ModelRegistry(modelsDir, new HfCache(hub), noEmbeddedModel(),
                    testHub.endpoint(), List.of(small));
            ModelEntry entry = registry.refresh().get(1);

            DownloadException e = assertThrows(DownloadException.class, () -> registry.prepareDownload(entry,
                    new Downloads(TestHub.options().withFreeSpace(d -> 1000)), p -> { }).run());

            assertEquals(DownloadException.Reason.NO_SPACE, e.reason());
            assertTrue(e.getMessage().contains("needs about " + Sizes.describe(entry.sizeBytes()))
                    && e.getMessage().contains("has 1.0 kB free"), e.getMessage());
            assertTrue(testHub.rangeHeaders.isEmpty(), "nothing was fetched");
        }
    }

    @ReferenceFixtures.Needed
    @Test
    void deletingADownloadKeepsTheTokenizerAnotherModelUses() throws Exception {
        ReleasedModel small = FixtureReleases.model("small", "Small", "small.pt");
        ReleasedModel other = FixtureReleases.model("other", "Other", "other.pt");
        Files.createDirectories(modelsDir);
        Files.copy(FIXTURES.resolve("arpg.pt"), modelsDir.resolve("small.pt"));
        Files.copy(FIXTURES.resolve("arpg.pt"), modelsDir.resolve("other.pt"));
        Files.copy(FIXTURES.resolve("vq.pt"), modelsDir.resolve(FixtureReleases.TOKENIZER_FILE));
        Path cached = HfCacheTest.cacheFile(hub, ReleasedModel.ARPG_REPO, "r1", "other.pt", new byte[10]);
        ModelRegistry registry = new ModelRegistry(modelsDir, new HfCache(hub), noEmbeddedModel(),
                ReleasedModel.DEFAULT_ENDPOINT, List.of(small, other));

        assertEquals(List.of(modelsDir.resolve("small.pt")), registry.deleteDownloaded("small"));
        assertTrue(Files.exists(modelsDir.resolve(FixtureReleases.TOKENIZER_FILE)));
        assertEquals(List.of(modelsDir.resolve("other.pt"), modelsDir.resolve(FixtureReleases.TOKENIZER_FILE)),
                registry.deleteDownloaded("other"));
        assertTrue(Files.exists(cached), "the Hugging Face cache is never touched");
        assertThrows(IOException.class, () -> registry.deleteDownloaded("default"));
    }

    @Test
    void aPartialDownloadIsListedWithItsSize() throws Exception {
        Files.createDirectories(modelsDir);
        Files.write(modelsDir.resolve("arpg_300m.pt.part"), new byte[2_500_000]);

        ModelEntry large = registry(noEmbeddedModel(), ReleasedModel.DEFAULT_ENDPOINT).refresh().get(1);

        assertEquals(2_500_000, large.generator().partialBytes());
        assertEquals("partly downloaded (2.5 MB)", large.note());
    }
}
