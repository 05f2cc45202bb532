package com.arpgstudio.inference.runtime;

import com.arpgstudio.inference.runtime.DownloadException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The download of one model's missing files, one after the other; {@link #run()} blocks, {@link
 * #cancel()} may come from any thread (partial files are kept for a later resume). Progress is
 * reported for the whole model: the files' sizes are the expected ones until the server states
 * each one's.
 */
public final class ModelDownload {

    /** One file to fetch and the size expected for it before the server says. */
    record File(DownloadRequest request, long expectedBytes) {}

    /**
     * Where a model's download stands.
     *
     * @param file       the current file's own progress
     * @param fileIndex  0-based index of the current file
     * @param fileCount  how many files the model needs
     * @param bytesDone  bytes of the model on disk (finished files, the current one so far)
     * @param totalBytes the model's bytes: stated sizes where known, expected ones otherwise
     */
    public record Progress(DownloadProgress file, int fileIndex, int fileCount, long bytesDone, long totalBytes) {
        public double fraction() {
            return DownloadProgress.fraction(bytesDone, totalBytes);
        }

        public Optional<Duration> timeLeft() {
            return DownloadProgress.timeLeft(bytesDone, totalBytes, file.bytesPerSecond());
        }
    }

    private final ModelEntry entry;
    private final Path folder;
    private final List<File> files;
    private final List<Downloads.Download> downloads = new ArrayList<>();
    private final Downloads client;
    private final Runnable onFinished;
    private final long[] sizes;
    private volatile boolean cancelled;

    ModelDownload(ModelEntry entry, Path folder, List<File> files, Downloads client, Consumer<Progress> listener,
            Runnable onFinished) {
        this.entry = entry;
        this.folder = folder;
        this.files = List.copyOf(files);
        this.client = client;
        this.onFinished = onFinished;
        this.sizes = new long[files.size()];
        for (int i = 0; i < files.size(); i++) {
            sizes[i] = Math.max(0, files.get(i).expectedBytes());
            int index = i;
            downloads.add(client.prepare(files.get(i).request(), p -> listener.accept(progress(index, p))));
        }
    }

    public ModelEntry entry() {
        return entry;
    }

    /** How many files will be fetched (0 when the model is complete or cannot be downloaded). */
    public int fileCount() {
        return downloads.size();
    }

    /**
     * Checks that the disk can hold the whole model, then fetches every missing file; the registry
     * rescans afterwards, whether or not it worked.
     */
    public List<Downloads.Result> run() throws DownloadException {
        List<Downloads.Result> results = new ArrayList<>();
        try {
            checkSpace();
            for (Downloads.Download download : downloads) {
                if (cancelled) {
                    throw new DownloadException(Reason.CANCELLED, entry.name() + ": cancelled; partial files are kept "
                            + "and the next download resumes from there");
                }
                results.add(download.run());
            }
        } finally {
            onFinished.run();
        }
        return results;
    }

    public void cancel() {
        cancelled = true;
        downloads.forEach(Downloads.Download::cancel);
    }

    /** The whole model's expected bytes less what earlier attempts left, against the folder's free space. */
    private void checkSpace() throws DownloadException {
        long needed = 0;
        for (File file : files) {
            needed += Math.max(0, file.expectedBytes() - partialBytes(file.request().partFile()));
        }
        long free;
        try {
            Files.createDirectories(folder);
            free = client.options().freeSpace().of(folder);
        } catch (IOException e) {
            throw new DownloadException(Reason.LOCAL_FILE, entry.name() + ": cannot use the models folder " + folder
                    + ": " + e.getMessage(), e);
        }
        if (needed > free) {
            throw new DownloadException(Reason.NO_SPACE, entry.name() + " needs about " + Sizes.describe(needed)
                    + " of disk space, but " + folder + " has " + Sizes.describe(free) + " free; free some space "
                    + "and try again");
        }
    }

    private static long partialBytes(Path part) {
        try {
            return Files.isRegularFile(part) ? Files.size(part) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private synchronized Progress progress(int index, DownloadProgress file) {
        if (file.totalBytes() >= 0) {
            sizes[index] = file.totalBytes();
        }
        long done = file.bytesDone();
        long total = 0;
        for (int i = 0; i < sizes.length; i++) {
            total += sizes[i];
            if (i < index) {
                done += sizes[i];
            }
        }
        return new Progress(file, index, sizes.length, done, total);
    }
}
