package com.arpgstudio.inference.runtime;

import java.nio.file.Path;

/**
 * One model the editor can run: an ARPG generator and the VQ tokenizer it was trained with.
 *
 * @param id         stable id, stored in settings ({@code default}, {@code arpg-l}, {@code user:NAME})
 * @param name       for display ("ARPG-L")
 * @param source     where the model comes from
 * @param generator  the generator's (ARPG) weights
 * @param tokenizer  the tokenizer's (VQ) weights
 * @param config     config.json when there is one, else null
 * @param classNames a class-name list (line i+1 = class i) shipped with the model, else null
 *                   (the released models use ImageNet's, which the UI resources hold)
 * @param shape      native window and class count, or null when they could not be read
 * @param note       what a user should know (where it was found, why it is unusable), or ""
 */
public record ModelEntry(String id, String name, Source source, ModelFile generator, ModelFile tokenizer, Path config,
        Path classNames, ModelShape shape, String note) {

    /** Where a model comes from. */
    public enum Source {
        /** Shipped inside the app; works offline on first start. */
        EMBEDDED,
        /** Released with the ARPG paper; found on disk or downloadable from the Hugging Face hub. */
        RELEASED,
        /** A pair of files the user chose. */
        USER
    }

    /** Whether both files are on disk and the shape is known, so the model can be loaded. */
    public boolean present() {
        return generator.present() && tokenizer.present() && shape != null;
    }

    /** Whether some missing file can be downloaded. */
    public boolean downloadable() {
        return generator.downloadable() || tokenizer.downloadable();
    }

    /** Bytes on disk (when present) or to download (expected); -1 when unknown. */
    public long sizeBytes() {
        return generator.sizeBytes() < 0 || tokenizer.sizeBytes() < 0 ? -1
                : generator.sizeBytes() + tokenizer.sizeBytes();
    }

    /** The folder of the generator's weights, for display. */
    public Path location() {
        Path parent = generator.path().toAbsolutePath().getParent();
        return parent != null ? parent : generator.path();
    }
}
