package com.arpgstudio.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.fuzz.Mutations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes replace only regular files: through links to their target, never over a pipe, device or folder. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    private static final byte[] CONTENT = "new".getBytes(StandardCharsets.US_ASCII);

    @Test
    void specialFilesAreRefusedAndLeftAsTheyWere() throws IOException {
        for (Mutations.Special special : new Mutations.Special[] {Mutations.Special.FIFO, Mutations.Special.FOLDER,
            Mutations.Special.LINK_TO_DEV_ZERO, Mutations.Special.LINK_LOOP}) {
            Path target = Mutations.special(dir.resolve("out.png"), special);
            UserFileException e = assertThrows(UserFileException.class, () -> AtomicFiles.write(target, CONTENT), special.toString());
            assertTrue(e.getMessage().contains("out.png"), e.getMessage());
            switch (special) {
                case FIFO -> assertTrue(e.getMessage().contains("named pipe") && !Files.isRegularFile(target), e.getMessage());
                case FOLDER -> assertTrue(Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS));
                case LINK_TO_DEV_ZERO -> assertTrue(e.getMessage().contains("character device") && Files.isSymbolicLink(target));
                default -> assertTrue(Files.isSymbolicLink(target));
            }
            assertNoTemporaryFiles();
        }
    }

    @Test
    void aLinkIsWrittenThroughToItsTarget() throws IOException {
        Path real = Files.writeString(dir.resolve("real.png"), "old");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r-----"));
        Path link = Files.createSymbolicLink(dir.resolve("link.png"), real.getFileName());
        AtomicFiles.write(link, CONTENT);
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertArrayEquals(CONTENT, Files.readAllBytes(real));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(real)), "permissions kept");
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.png"), dir.resolve("sub").resolve("made.png"));
        AtomicFiles.write(dangling, CONTENT);
        assertArrayEquals(CONTENT, Files.readAllBytes(dir.resolve("sub").resolve("made.png")), "as a shell's > does");
        assertNoTemporaryFiles();
    }

    private void assertNoTemporaryFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "a temporary file was left");
        }
    }
}
