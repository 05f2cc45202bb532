package com.arpgstudio.inference.runtime;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What to fetch and where to put it.
 *
 * @param uri           the file's URL (a Hugging Face {@code resolve} URL or any HTTP(S) URL)
 * @param target        where the finished, verified file goes; {@code target + ".part"} holds it meanwhile
 * @param pinnedSha256  the expected SHA-256 in hex, or null to trust the hub's LFS oid (X-Linked-Etag)
 */
public record DownloadRequest(URI uri, Path target, String pinnedSha256) {

    public DownloadRequest {
        if (uri == null || target == null) {
            throw new IllegalArgumentException("download: expected a URL and a target file, found " + uri + " -> " + target);
        }
        if (pinnedSha256 != null) {
            pinnedSha256 = pinnedSha256.toLowerCase(Locale.ROOT);
            if (!Sha256.isHex(pinnedSha256)) {
                throw new IllegalArgumentException("download of " + uri + ": expected a 64-digit hex SHA-256, found '"
                        + pinnedSha256 + "'");
            }
        }
    }

    /** The temporary file the bytes go to until the download is complete and verified. */
    public Path partFile() {
        return target.resolveSibling(target.getFileName() + ".part");
    }
}
