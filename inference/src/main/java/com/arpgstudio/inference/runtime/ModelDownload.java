package com.arpgstudio.inference.runtime;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The download of one model's missing files, one after the other; {@link #run()} blocks, {@link
 * #cancel()} may come from any thread (the partial file is kept for a later resume).
 */
public final class ModelDownload {

    private final ModelEntry entry;
    private final List<Downloads.Download> downloads = new ArrayList<>();
    private final Runnable onFinished;
    private volatile boolean cancelled;

    ModelDownload(ModelEntry entry, List<DownloadRequest> requests, Downloads client,
            Consumer<DownloadProgress> listener, Runnable onFinished) {
        this.entry = entry;
        this.onFinished = onFinished;
        for (DownloadRequest request : requests) {
            downloads.add(client.prepare(request, listener));
        }
    }

    public ModelEntry entry() {
        return entry;
    }

    /** How many files will be fetched (0 when the model is complete or cannot be downloaded). */
    public int fileCount() {
        return downloads.size();
    }

    /** Fetches every missing file; the registry rescans afterwards, whether or not it worked. */
    public List<Downloads.Result> run() throws IOException {
        List<Downloads.Result> results = new ArrayList<>();
        try {
            for (Downloads.Download download : downloads) {
                if (cancelled) {
                    throw new DownloadException(DownloadException.Reason.CANCELLED, entry.name() + ": cancelled");
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
}
