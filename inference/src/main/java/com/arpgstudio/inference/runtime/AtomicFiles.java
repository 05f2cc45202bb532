package com.arpgstudio.inference.runtime;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Set;

/**
 * Writes that leave either the old file or the complete new one, never a half-written file. The
 * new file is written beside the target and moved over it, so only a regular file is ever
 * replaced: a target that is a symbolic link is written through (the file the link points to is
 * replaced, the link stays, as a shell's {@code >} does), and one that is a folder, named pipe,
 * device or socket (or a link to one) is refused with a {@link UserFileException}, never replaced.
 */
public final class AtomicFiles {

    /** Symbolic links followed from one path before giving up, as Linux's ELOOP limit. */
    private static final int MAX_LINKS = 40;

    /** Writes the whole content of a file to the given (temporary) path. */
    @FunctionalInterface
    public interface ContentWriter {
        void writeTo(Path temp) throws IOException;
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {}

    /** Writes the bytes to a temporary file beside the target, then moves it over the target. */
    public static void write(Path target, byte[] content) throws IOException {
        write(target, temp -> Files.write(temp, content));
    }

    /**
     * Lets {@code writer} fill a temporary file beside the target, then moves it over the target;
     * if anything fails the target is untouched and the temporary file is removed.
     */
    public static void write(Path target, ContentWriter writer) throws IOException {
        write(target, writer, false);
    }

    /**
     * Like {@link #write(Path, ContentWriter)} for a file the user asked for (an image, an edit
     * record): a new one gets the permissions a plain save gives (0666 minus the umask, as
     * {@code open(2)}), not the owner-only ones of a temporary file; a replaced one keeps its mode.
     */
    public static void writeUserFile(Path target, ContentWriter writer) throws IOException {
        write(target, writer, true);
    }

    private static void write(Path target, ContentWriter writer, boolean userFile) throws IOException {
        Path destination = writableTarget(target);
        Path dir = destination.getParent();
        Files.createDirectories(dir);
        Path temp = userFile ? createWithUmask(dir, "." + destination.getFileName())
                : Files.createTempFile(dir, "." + destination.getFileName(), ".tmp");
        try {
            writer.writeTo(temp);
            keepPermissions(destination, temp);
            moveIntoPlace(temp, destination);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A new empty file {@code prefix.<random>.tmp} in {@code dir}, its mode from the umask (no attributes given). */
    private static Path createWithUmask(Path dir, String prefix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return Files.createFile(dir.resolve(prefix + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp"));
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    /** Moves a finished file over the target (through a link, never over a special file), atomically where possible. */
    public static void moveIntoPlace(Path finished, Path target) throws IOException {
        Path destination = writableTarget(target);
        try {
            Files.move(finished, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(finished, destination, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * The absolute path a write to {@code target} replaces: the target, or the file its symbolic
     * links lead to (which need not exist yet). Refuses, with a message, a target that is (or
     * leads to) anything but a regular file, and links that loop.
     */
    public static Path writableTarget(Path target) throws IOException {
        Path path = target.toAbsolutePath();
        for (int hops = 0; Files.isSymbolicLink(path); hops++) {
            if (hops == MAX_LINKS) {
                throw new UserFileException(target + ": more than " + MAX_LINKS + " symbolic links (a loop?)");
            }
            path = path.resolveSibling(Files.readSymbolicLink(path)).normalize();
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                throw new UserFileException(target + (path.equals(target.toAbsolutePath()) ? "" : " (a link to " + path + ")")
                        + " is " + UserFiles.describeSpecial(path, attributes)
                        + "; only a regular file is replaced, choose another name");
            }
        }
        return path;
    }

    /** A replaced file keeps its permissions (the temporary file is created readable by its owner only). */
    private static void keepPermissions(Path destination, Path temp) throws IOException {
        PosixFileAttributeView old = Files.getFileAttributeView(destination, PosixFileAttributeView.class);
        if (old == null || !Files.exists(destination)) {
            return;
        }
        Set<PosixFilePermission> permissions = old.readAttributes().permissions();
        Files.getFileAttributeView(temp, PosixFileAttributeView.class).setPermissions(permissions);
    }
}
