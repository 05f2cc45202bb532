package com.arpgstudio.inference.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * Reading the small text files the app and the command line take from places a user or another
 * program controls: settings.json, edit records, a model's config.json, the Hugging Face cache's
 * {@code refs/main}. Only a regular file (a symbolic link is followed to one) is opened, never a
 * folder, named pipe, device or socket (opening a pipe would wait forever, a device never ends);
 * its size must be within the cap of its {@link Kind}, checked before reading and again while
 * reading (a file that grows meanwhile is cut off); the bytes must be UTF-8. Anything else is a
 * {@link UserFileException} that says in words what the path is and what was expected.
 */
public final class UserFiles {

    /** What a text file is for, with the most bytes such a file may have. */
    public enum Kind {
        /** A few dozen settings and lists of recent files and model pairs. */
        SETTINGS("settings file", 1 << 20),
        /** An edit record: one entry per window, a few thousand at most (an 8192-pixel expansion). */
        EDIT_RECORD("edit record", 8 << 20),
        /** A model's config.json: two objects of hyper-parameters. */
        MODEL_CONFIG("model config", 1 << 20),
        /** The Hugging Face cache's refs/main: a 40-digit commit hash and a line break. */
        HUB_REFERENCE("Hugging Face cache reference", 256),
        /** The unpacked default model's list of SHA-256 sums: one line for each of a handful of files. */
        MODEL_MANIFEST("model manifest", 64 << 10),
        /** A model's classes.txt: one name a line (ImageNet's 1000 take 20 KB). */
        CLASS_NAMES("class names list", 1 << 20),
        /** The editor's autosave index: the document's edit records (8 MiB each at most) and two file names. */
        AUTOSAVE_INDEX("document autosave index", 64 << 20);

        private final String description;
        private final int maxBytes;

        Kind(String description, int maxBytes) {
            this.description = description;
            this.maxBytes = maxBytes;
        }

        public String description() {
            return description;
        }

        public int maxBytes() {
            return maxBytes;
        }
    }

    private UserFiles() {}

    /**
     * The text of the file. A missing file (or a link to nothing) is a
     * {@link java.nio.file.NoSuchFileException}, for callers to whom absence means defaults;
     * everything else wrong is a {@link UserFileException}.
     */
    public static String readText(Path file, Kind kind) throws IOException {
        long size = requireRegular(file, kind.description()).size();
        if (size > kind.maxBytes()) {
            throw tooLarge(file, kind, size);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(kind.maxBytes() + 1);
        }
        if (bytes.length > kind.maxBytes()) {
            throw tooLarge(file, kind, bytes.length);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\ufeff") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new UserFileException(file + ": expected a " + kind.description() + " in UTF-8 text, found other bytes");
        }
    }

    /**
     * The attributes of a regular file (following links); a folder, pipe, device or socket is a
     * {@link UserFileException} naming what it is, and a missing file a NoSuchFileException.
     */
    public static BasicFileAttributes requireRegular(Path file, String what) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (FileSystemException e) { // a link loop, a path through a file, no permission
            throw new UserFileException("cannot open " + file + " as a " + what + ": "
                    + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()));
        }
        if (!attributes.isRegularFile()) {
            throw new UserFileException(file + " is " + describeSpecial(file, attributes) + ", not a " + what
                    + "; expected a regular file");
        }
        return attributes;
    }

    /** "a folder", "a named pipe (FIFO)", "a character device"...: what a path that is not a regular file is. */
    static String describeSpecial(Path file, BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "a folder";
        }
        try {
            int type = (Integer) Files.getAttribute(file, "unix:mode") & 0170000;
            return switch (type) {
                case 0010000 -> "a named pipe (FIFO)";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "a special file";
        }
    }

    private static UserFileException tooLarge(Path file, Kind kind, long size) {
        return new UserFileException(String.format(Locale.ROOT, "%s is %s, more than the %s a %s may have", file,
                bytes(size), bytes(kind.maxBytes()), kind.description()));
    }

    /** "3.0 GB", "1 MiB"... for messages. */
    private static String bytes(long n) {
        if (n >= 1 << 20 && n % (1 << 20) == 0) {
            return n / (1 << 20) + " MiB";
        }
        if (n >= 1 << 10 && n % (1 << 10) == 0 && n < 1 << 20) {
            return n / (1 << 10) + " KiB";
        }
        if (n >= 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f GB", n / 1e9);
        }
        return n >= 1_000_000 ? String.format(Locale.ROOT, "%.1f MB", n / 1e6) : n + " bytes";
    }
}
