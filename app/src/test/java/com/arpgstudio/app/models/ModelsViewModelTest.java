package com.arpgstudio.app.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.FxToolkit;
import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.runtime.Downloads;
import com.arpgstudio.inference.runtime.FixtureReleases;
import com.arpgstudio.inference.runtime.ModelEntry;
import com.arpgstudio.inference.runtime.TestHub;
import com.arpgstudio.inference.runtime.UserModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@ReferenceFixtures.Needed
class ModelsViewModelTest {

    @TempDir
    Path dir;
    private ModelsFixture fixture;
    private final ExecutorService background = Executors.newCachedThreadPool();
    private final List<String> used = new CopyOnWriteArrayList<>();
    private final List<String> changes = new CopyOnWriteArrayList<>();
    private ModelsViewModel models;

    @BeforeAll
    static void toolkit() throws InterruptedException {
        FxToolkit.start();
    }

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ModelsFixture(dir);
        models = FxToolkit.call(() -> new ModelsViewModel(fixture.registry, fixture.store,
                new Downloads(TestHub.options()), background, new ModelsViewModel.Editor() {
                    @Override
                    public void use(String modelId) {
                        used.add(modelId);
                    }

                    @Override
                    public void modelsChanged() {
                        changes.add("changed");
                    }
                }));
    }

    @AfterEach
    void tearDown() {
        FxToolkit.run(models::close);
        background.shutdownNow();
        fixture.close();
    }

    private List<String> ids() {
        return FxToolkit.call(() -> models.rows().stream().map(ModelRow::id).toList());
    }

    /** The row of that id; call on the FX thread. */
    private ModelRow row(String id) {
        return models.row(id).orElseThrow();
    }

    @Test
    void listsTheUsersPairsFromTheSettingsAfterTheRegistrysModels() throws Exception {
        fixture.store.update(s -> s.edit().userModels(List.of(ModelsFixture.fixturePair("mine"))).build());

        models.refresh();

        FxToolkit.waitFor("the rows", 10_000, () -> models.rows().size() == 3);
        assertEquals(List.of("default", ModelsFixture.MODEL, "user:mine"), ids());
        assertTrue(FxToolkit.call(() -> row("user:mine").isUsable()));
        assertTrue(FxToolkit.call(() -> row("default").isCurrent()), "the settings' model is marked");
    }

    @Test
    void addingAndRemovingAPairChangesTheSettingsTheCommandLineReadsToo() throws Exception {
        models.refresh();
        FxToolkit.waitFor("the rows", 10_000, () -> models.rows().size() == 2);
        UserModel pair = ModelsFixture.fixturePair("mine");
        assertEquals(Optional.empty(), models.nameProblem("mine"));

        FxToolkit.run(() -> models.add(pair));

        assertEquals(List.of(pair), fixture.store.get().userModels());
        FxToolkit.waitFor("the new row", 10_000, () -> models.row("user:mine").isPresent());
        assertTrue(models.nameProblem("mine").orElseThrow().contains("already listed"));
        assertTrue(models.nameProblem(" ").isPresent());
        assertFalse(changes.isEmpty(), "the editor hears of it");

        FxToolkit.run(() -> models.remove(row("user:mine")));

        assertEquals(List.of(), fixture.store.get().userModels());
        FxToolkit.waitFor("the row gone", 10_000, () -> models.row("user:mine").isEmpty());
    }

    @Test
    void checkReadsAPairWithTheSafeReadersWithoutSavingIt() throws Exception {
        ModelEntry good = models.check(ModelsFixture.fixturePair("a")).get();
        ModelEntry swapped = models.check(new UserModel("b", ReferenceFixtures.file("vq.pt").toString(),
                ReferenceFixtures.file("arpg.pt").toString(), null)).get();

        assertTrue(good.present(), good.note());
        assertFalse(swapped.present());
        assertTrue(swapped.note().contains("is not ARPG weights"), swapped.note());
        assertEquals(List.of(), fixture.store.get().userModels());
    }

    @Test
    void aDownloadedModelCanBeUsedAndItsFilesDeleted() throws Exception {
        models.refresh();
        FxToolkit.waitFor("the rows", 10_000, () -> models.rows().size() == 2);
        ModelRow released = FxToolkit.call(() -> row(ModelsFixture.MODEL));

        FxToolkit.run(() -> models.download(released));

        FxToolkit.waitFor("the download", 60_000, () -> released.isUsable() && !released.isDownloading());
        FxToolkit.run(() -> models.use(released));
        assertEquals(List.of(ModelsFixture.MODEL), used);
        assertTrue(FxToolkit.call(released::isRemovable), "not in use yet: the settings still name the default");

        FxToolkit.run(() -> models.remove(released));

        FxToolkit.waitFor("the files deleted", 10_000, () -> !released.isUsable());
        assertFalse(Files.exists(fixture.modelsDir.resolve("small.pt")));
        assertFalse(Files.exists(fixture.modelsDir.resolve(FixtureReleases.TOKENIZER_FILE)));
        assertTrue(FxToolkit.call(models::message).startsWith("Deleted 2 file(s) of ARPG-L"), models.message());
    }

    @Test
    void theModelInUseIsNeverRemoved() throws Exception {
        fixture.store.update(s -> s.edit().userModels(List.of(ModelsFixture.fixturePair("mine")))
                .modelId("user:mine").build());
        models.refresh();
        FxToolkit.waitFor("the rows", 10_000, () -> models.rows().size() == 3);

        FxToolkit.run(() -> models.remove(row("user:mine")));

        assertEquals(1, fixture.store.get().userModels().size());
        assertFalse(FxToolkit.call(() -> row("user:mine").isRemovable()));
    }
}
