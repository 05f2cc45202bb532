package com.arpgstudio.inference.runtime;

import java.net.URI;
import java.nio.file.Path;

/**
 * One weights file of a model.
 *
 * @param fileName     the file's name (as on the hub for released models)
 * @param path         where it is when present; where a download puts it (or where the user said it
 *                     was) when absent
 * @param sizeBytes    its size on disk when present, else the expected size, or -1 when unknown
 * @param present      whether a readable file is at {@code path}
 * @param downloadUri  where to fetch it, or null when it cannot be downloaded
 * @param pinnedSha256 the expected SHA-256 in hex, or null when the hub's LFS oid is trusted
 * @param partialBytes bytes of an unfinished download of it, which the next download resumes (0 when none)
 */
public record ModelFile(String fileName, Path path, long sizeBytes, boolean present, URI downloadUri,
        String pinnedSha256, long partialBytes) {

    /** Whether this file is missing and can be downloaded. */
    public boolean downloadable() {
        return !present && downloadUri != null;
    }
}
