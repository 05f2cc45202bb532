package com.arpgstudio.inference.runtime;

import com.arpgstudio.inference.runtime.ModelEntry.Source;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The models the editor can run: the embedded default, the released ARPG-L/XL/XXL with VQ-16, and
 * the pairs the user added. It looks for released files first in the app's models folder, then in
 * the Hugging Face cache, and downloads missing ones into the models folder.
 *
 * <p>{@link #refresh()} does the disk work (and the one-time copy of the embedded model); call it
 * off the UI thread. Listeners hear every new list, on the thread that produced it.
 */
public final class ModelRegistry {

    public static final String DEFAULT_MODEL_ID = "default";

    private final Path modelsDir;
    private final HfCache hfCache;
    private final EmbeddedModel embedded;
    private final String hubEndpoint;
    private final List<ReleasedModel> released;
    private final List<Consumer<List<ModelEntry>>> listeners = new CopyOnWriteArrayList<>();
    private volatile List<UserModel> userModels = List.of();
    private volatile List<ModelEntry> entries = List.of();

    /** A registry of the paper's released models ({@link ReleasedModel#ALL}). */
    public ModelRegistry(Path modelsDir, HfCache hfCache, EmbeddedModel embedded, String hubEndpoint) {
        this(modelsDir, hfCache, embedded, hubEndpoint, ReleasedModel.ALL);
    }

    /** A registry whose released models are {@code released} (tests serve small ones from a local hub). */
    public ModelRegistry(Path modelsDir, HfCache hfCache, EmbeddedModel embedded, String hubEndpoint,
            List<ReleasedModel> released) {
        this.modelsDir = modelsDir;
        this.hfCache = hfCache;
        this.embedded = embedded;
        this.hubEndpoint = hubEndpoint;
        this.released = List.copyOf(released);
    }

    /** The registry of this installation: the app's models folder, the user's HF cache, the hub. */
    public static ModelRegistry standard() {
        return new ModelRegistry(AppDirectories.current().modelsDir(), HfCache.current(), EmbeddedModel.bundled(),
                ReleasedModel.endpoint());
    }

    /**
     * The registry of this installation with the user's own pairs from the settings, scanned: what
     * the command line and the editor both list and run.
     */
    public static ModelRegistry standard(Settings settings) {
        ModelRegistry registry = standard();
        registry.setUserModels(settings.userModels());
        return registry;
    }

    public List<ReleasedModel> released() {
        return released;
    }

    public Path modelsDir() {
        return modelsDir;
    }

    /** The last list {@link #refresh()} produced (empty before the first). */
    public List<ModelEntry> entries() {
        return entries;
    }

    public Optional<ModelEntry> find(String id) {
        return entries.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** The entry of that id, present on disk; an error says what is missing and what to do. */
    public ModelEntry require(String id) throws IOException {
        ModelEntry entry = find(id).orElseThrow(() -> new IOException("no model '" + id + "'; known: "
                + entries.stream().map(ModelEntry::id).toList()));
        if (!entry.present()) {
            throw new IOException("model " + entry.name() + " is not usable: " + (entry.note().isEmpty()
                    ? "its files are missing" : entry.note()) + (entry.downloadable() ? "; download it first" : ""));
        }
        return entry;
    }

    /** Replaces the user's model pairs (from settings) and rescans. */
    public List<ModelEntry> setUserModels(List<UserModel> models) {
        userModels = List.copyOf(models);
        return refresh();
    }

    /** Rescans the disk and tells the listeners (one scan at a time: downloads and settings both trigger it). */
    public synchronized List<ModelEntry> refresh() {
        List<ModelEntry> found = new ArrayList<>();
        found.add(embeddedEntry());
        for (ReleasedModel model : released) {
            found.add(releasedEntry(model));
        }
        for (UserModel model : userModels) {
            found.add(describe(model));
        }
        entries = List.copyOf(found);
        for (Consumer<List<ModelEntry>> listener : listeners) {
            listener.accept(entries);
        }
        return entries;
    }

    public void addListener(Consumer<List<ModelEntry>> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<List<ModelEntry>> listener) {
        listeners.remove(listener);
    }

    /**
     * Reads what a user-chosen pair would be, without adding it: the "Add model" dialog shows this
     * (or its note, when the files are unusable) before the pair is saved in settings. Without a
     * config.json of its own, the pair uses the one beside the ARPG weights, if any.
     */
    public static ModelEntry describe(UserModel model) {
        Path generator = Path.of(model.generatorPath());
        Path tokenizer = Path.of(model.tokenizerPath());
        Path beside = generator.toAbsolutePath().resolveSibling(EmbeddedModel.CONFIG_FILE);
        Path config = model.configPath() != null ? Path.of(model.configPath())
                : Files.isRegularFile(beside) ? beside : null;
        ModelFile generatorFile = localFile(generator);
        ModelFile tokenizerFile = localFile(tokenizer);
        ModelShape shape = null;
        String note = "";
        if (!generatorFile.present() || !tokenizerFile.present() || (config != null && !Files.isRegularFile(config))) {
            note = "missing: " + missing(generator, tokenizer, config);
        } else {
            try {
                shape = ModelShape.of(generator, tokenizer, config);
                if (config == null) {
                    note = "window assumed to be the official 16x16 tokens (checkpoints do not record it); "
                            + "add a config.json to say otherwise";
                }
            } catch (IOException | RuntimeException e) {
                note = "cannot read: " + e.getMessage();
            }
        }
        return new ModelEntry(model.id(), model.name(), Source.USER, generatorFile, tokenizerFile, config, null, shape,
                note);
    }

    /**
     * A download of the entry's missing files into the models folder (the tokenizer first: the
     * smaller file tells early whether the network works). Each file is installed only once it
     * loads as what it should be ({@link ReleasedModel#check}, {@link ReleasedTokenizer#check}).
     * The registry rescans when it finishes.
     */
    public ModelDownload prepareDownload(ModelEntry entry, Downloads downloads, Consumer<ModelDownload.Progress> listener) {
        ReleasedModel model = released.stream().filter(m -> m.id().equals(entry.id())).findFirst().orElse(null);
        List<ModelDownload.File> files = new ArrayList<>();
        if (model != null) {
            if (entry.tokenizer().downloadable()) {
                files.add(new ModelDownload.File(request(entry.tokenizer(), model.tokenizer()::check), entry.tokenizer().sizeBytes()));
            }
            if (entry.generator().downloadable()) {
                files.add(new ModelDownload.File(request(entry.generator(), model::check), entry.generator().sizeBytes()));
            }
        }
        return new ModelDownload(entry, modelsDir, files, downloads, listener, this::refresh);
    }

    private static DownloadRequest request(ModelFile file, DownloadRequest.ContentCheck check) {
        return new DownloadRequest(file.downloadUri(), file.path(), file.pinnedSha256(), -1, check);
    }

    /**
     * Deletes what the app downloaded of a released model from the models folder: its weights, any
     * partial download, and the tokenizer too unless another released model in the folder uses it.
     * Files in the Hugging Face cache belong to the user's other tools and are never touched.
     * Returns the files deleted; the registry rescans.
     */
    public List<Path> deleteDownloaded(String id) throws IOException {
        ReleasedModel model = released.stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> new IOException("'" + id + "' is not a released model; only downloads can be deleted"));
        List<Path> candidates = new ArrayList<>(List.of(modelsDir.resolve(model.hubFile()),
                modelsDir.resolve(model.hubFile() + ".part")));
        boolean tokenizerShared = released.stream().anyMatch(other -> other != model
                && other.tokenizer().equals(model.tokenizer()) && Files.isRegularFile(modelsDir.resolve(other.hubFile())));
        if (!tokenizerShared) {
            candidates.add(modelsDir.resolve(model.tokenizer().file()));
            candidates.add(modelsDir.resolve(model.tokenizer().file() + ".part"));
        }
        List<Path> deleted = new ArrayList<>();
        try {
            for (Path file : candidates) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(file)) {
                    deleted.add(file);
                }
            }
        } finally {
            refresh();
        }
        return deleted;
    }

    private ModelEntry embeddedEntry() {
        Path dir = modelsDir.resolve(DEFAULT_MODEL_ID);
        String name = "Default (embedded)";
        if (!embedded.isBundled()) {
            return new ModelEntry(DEFAULT_MODEL_ID, name, Source.EMBEDDED, localFile(dir.resolve(EmbeddedModel.ARPG_FILE)),
                    localFile(dir.resolve(EmbeddedModel.VQ_FILE)), null, null, null, "this build carries no embedded model");
        }
        try {
            embedded.extractTo(dir);
            Path generator = dir.resolve(EmbeddedModel.ARPG_FILE);
            Path tokenizer = dir.resolve(EmbeddedModel.VQ_FILE);
            Path config = dir.resolve(EmbeddedModel.CONFIG_FILE);
            Path classes = dir.resolve(EmbeddedModel.CLASSES_FILE);
            return new ModelEntry(DEFAULT_MODEL_ID, name, Source.EMBEDDED, localFile(generator), localFile(tokenizer),
                    config, Files.isRegularFile(classes) ? classes : null, ModelShape.of(generator, tokenizer, config), "");
        } catch (IOException e) {
            ModelFile generator = localFile(dir.resolve(EmbeddedModel.ARPG_FILE));
            ModelFile tokenizer = localFile(dir.resolve(EmbeddedModel.VQ_FILE));
            return new ModelEntry(DEFAULT_MODEL_ID, name, Source.EMBEDDED, generator, tokenizer, null, null, null,
                    "could not unpack the embedded model into " + dir + ": " + e.getMessage());
        }
    }

    private ModelEntry releasedEntry(ReleasedModel model) {
        ModelFile generator = releasedFile(ReleasedModel.ARPG_REPO, model.hubFile(), model.expectedBytes());
        ModelFile tokenizer = releasedFile(model.tokenizer().repo(), model.tokenizer().file(),
                model.tokenizer().expectedBytes());
        String note = "";
        if (generator.present() && !generator.path().startsWith(modelsDir)
                || tokenizer.present() && !tokenizer.path().startsWith(modelsDir)) {
            note = "found in the Hugging Face cache (" + hfCache.hubDir() + ")";
        } else if (!generator.present() || !tokenizer.present()) {
            long partial = generator.partialBytes() + tokenizer.partialBytes();
            note = partial > 0 ? "partly downloaded (" + Sizes.describe(partial) + ")" : "not downloaded";
        }
        return new ModelEntry(model.id(), model.name(), Source.RELEASED, generator, tokenizer, null, null, model.shape(),
                note);
    }

    private ModelFile releasedFile(String repo, String fileName, long expectedBytes) {
        Path own = modelsDir.resolve(fileName);
        Path path = Files.isRegularFile(own) ? own : hfCache.find(repo, fileName).orElse(own);
        boolean present = Files.isRegularFile(path);
        URI uri = ReleasedModel.resolveUri(hubEndpoint, repo, fileName);
        Path part = own.resolveSibling(fileName + ".part");
        long partial = !present && Files.isRegularFile(part) ? sizeOf(part) : 0;
        return new ModelFile(fileName, path, present ? sizeOf(path) : expectedBytes, present, uri, null,
                Math.max(0, partial));
    }

    private static ModelFile localFile(Path path) {
        boolean present = Files.isRegularFile(path) && Files.isReadable(path);
        return new ModelFile(path.getFileName().toString(), path, present ? sizeOf(path) : -1, present, null, null, 0);
    }

    private static String missing(Path... paths) {
        List<String> names = new ArrayList<>();
        for (Path p : paths) {
            if (p != null && !Files.isRegularFile(p)) {
                names.add(p.toString());
            }
        }
        return String.join(", ", names);
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }
}
