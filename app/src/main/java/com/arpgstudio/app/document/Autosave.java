package com.arpgstudio.app.document;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.runtime.AtomicFiles;
import com.arpgstudio.inference.runtime.UserFiles;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The open document kept on disk so a crash loses nothing: image and mask as PNGs under a new
 * generation name, then {@code autosave.json} (naming them, with the file path and the edit
 * records) moved into place atomically, then older generations deleted. Whatever moment the
 * process dies, the JSON names a complete image and mask.
 */
public final class Autosave {

    private static final String INDEX = "autosave.json";
    private static final int FORMAT = 1;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    private static final AtomicLong GENERATIONS = new AtomicLong();

    /** A copy of a document's state, taken on the FX thread and written from any thread. */
    public record Snapshot(ArgbImage image, PixelMask mask, Path file, List<String> editRecords, long revision,
                           Instant savedAt) {

        public static Snapshot of(Document document) {
            return new Snapshot(document.image().copy(), document.mask().copy(), document.file().orElse(null),
                    document.editRecords(), document.revision(), Instant.now());
        }

        /** A document with this image, mask, file and records (its undo history starts empty). */
        public Document toDocument(long historyBudgetBytes) {
            Document document = new Document(image.copy(), file, null, historyBudgetBytes);
            document.mask().paste(mask, 0, 0);
            editRecords.forEach(document.records()::push);
            return document;
        }
    }

    /** The JSON index; file names are relative to the autosave folder. */
    private record Index(int format, String file, int width, int height, long revision, String savedAt,
                         String image, String mask, List<String> editRecords) {}

    private final Path dir;

    public Autosave(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Writes the snapshot as the new autosave; the previous one stays valid until the index moves. */
    public synchronized void write(Snapshot snapshot) throws IOException {
        Files.createDirectories(dir);
        String generation = System.currentTimeMillis() + "-" + GENERATIONS.incrementAndGet();
        String imageName = "image-" + generation + ".png";
        String maskName = "mask-" + generation + ".png";
        DocumentImages.writePng(snapshot.image(), dir.resolve(imageName), java.util.List.of());
        DocumentImages.writeMask(snapshot.mask(), dir.resolve(maskName));
        Index index = new Index(FORMAT, snapshot.file() == null ? null : snapshot.file().toString(),
                snapshot.image().width(), snapshot.image().height(), snapshot.revision(),
                snapshot.savedAt().toString(), imageName, maskName, snapshot.editRecords());
        AtomicFiles.write(dir.resolve(INDEX), GSON.toJson(index).getBytes(StandardCharsets.UTF_8));
        deleteAllExcept(List.of(INDEX, imageName, maskName));
    }

    /** The autosaved document, if there is one; a damaged autosave is an exception saying what is wrong. */
    public synchronized Optional<Snapshot> read() throws IOException {
        String json;
        try {
            json = UserFiles.readText(dir.resolve(INDEX), UserFiles.Kind.AUTOSAVE_INDEX);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Index index;
        try {
            index = GSON.fromJson(json, Index.class);
        } catch (JsonParseException e) {
            throw new IOException("the autosave index " + dir.resolve(INDEX) + " is damaged: " + e.getMessage(), e);
        }
        if (index == null || index.format() != FORMAT || index.image() == null || index.mask() == null) {
            throw new IOException("the autosave index " + dir.resolve(INDEX) + " is incomplete: expected format "
                    + FORMAT + " naming an image and a mask");
        }
        ArgbImage image = DocumentImages.read(dir.resolve(index.image())).image();
        ArgbImage maskPixels = DocumentImages.read(dir.resolve(index.mask())).image();
        if (image.width() != index.width() || image.height() != index.height()
                || maskPixels.width() != image.width() || maskPixels.height() != image.height()) {
            throw new IOException("the autosave is inconsistent: expected a " + index.width() + "x" + index.height()
                    + " image and mask, found " + image.width() + "x" + image.height() + " and "
                    + maskPixels.width() + "x" + maskPixels.height());
        }
        List<String> records = index.editRecords() == null ? List.of() : List.copyOf(index.editRecords());
        return Optional.of(new Snapshot(image, PixelMask.ofCoverage(maskPixels),
                index.file() == null ? null : Path.of(index.file()), records, index.revision(),
                Instant.parse(index.savedAt())));
    }

    /** Removes the autosave (after a clean close, or once the user declined to restore it). */
    public synchronized void discard() throws IOException {
        deleteAllExcept(List.of());
    }

    private void deleteAllExcept(List<String> keep) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> !keep.contains(f.getFileName().toString())).forEach(stale::add);
        }
        for (Path file : stale) {
            Files.deleteIfExists(file);
        }
    }
}
