package com.arpgstudio.inference.runtime;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What to fetch, where to put it, and what the file must be before it is put there.
 *
 * @param uri           the file's URL (a Hugging Face {@code resolve} URL or any HTTP(S) URL)
 * @param target        where the finished, verified file goes; {@code target + ".part"} holds it meanwhile
 * @param pinnedSha256  the expected SHA-256 in hex, or null to trust the hub's LFS oid (X-Linked-Etag)
 * @param expectedBytes the file's exact size when known beforehand, else -1 (the server's word counts)
 * @param check         what the complete file must be (for a model file: load as that model with
 *                      the safe readers); it runs on the finished part file before it is moved into place
 */
public record DownloadRequest(URI uri, Path target, String pinnedSha256, long expectedBytes, ContentCheck check) {

    /** Inspects a complete, size- and hash-verified file; throws, saying what is wrong, when it is not the file. */
    @FunctionalInterface
    public interface ContentCheck {
        void check(Path file) throws IOException;

        /** For files whose bytes alone matter (size and hash still checked). */
        ContentCheck BYTES_ONLY = file -> { };
    }

    public DownloadRequest {
        if (uri == null || target == null || check == null) {
            throw new IllegalArgumentException("download: expected a URL, a target file and a check, found " + uri
                    + " -> " + target + ", " + check);
        }
        if (pinnedSha256 != null) {
            pinnedSha256 = pinnedSha256.toLowerCase(Locale.ROOT);
            if (!Sha256.isHex(pinnedSha256)) {
                throw new IllegalArgumentException("download of " + uri + ": expected a 64-digit hex SHA-256, found '"
                        + pinnedSha256 + "'");
            }
        }
        if (expectedBytes < -1) {
            throw new IllegalArgumentException("download of " + uri + ": expected a size of 0 or more bytes, or -1 "
                    + "for unknown, found " + expectedBytes);
        }
    }

    /** A file whose size the server states and whose bytes are not checked beyond size and hash. */
    public DownloadRequest(URI uri, Path target, String pinnedSha256) {
        this(uri, target, pinnedSha256, -1, ContentCheck.BYTES_ONLY);
    }

    /** The temporary file the bytes go to until the download is complete and verified. */
    public Path partFile() {
        return target.resolveSibling(target.getFileName() + ".part");
    }
}
