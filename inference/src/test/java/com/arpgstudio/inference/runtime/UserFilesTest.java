package com.arpgstudio.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.fuzz.Mutations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one reader of small text files: regular files within their cap, UTF-8, everything else said in words. */
class UserFilesTest {

    @TempDir
    Path dir;

    private static final Map<Mutations.Special, String> SAID = Map.of(
            Mutations.Special.FIFO, "is a named pipe (FIFO)",
            Mutations.Special.FOLDER, "is a folder",
            Mutations.Special.LINK_TO_DEV_ZERO, "is a character device",
            Mutations.Special.LINK_LOOP, "symbolic links",
            Mutations.Special.SPARSE_3_GB, "is 3.0 GB, more than the 1 MiB a settings file may have");

    @Test
    void specialFilesAreRefusedAtOnceAndInWords() throws IOException {
        for (Map.Entry<Mutations.Special, String> expected : SAID.entrySet()) {
            Path file = Mutations.special(dir.resolve("settings.json"), expected.getKey());
            UserFileException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(
                    UserFileException.class, () -> UserFiles.readText(file, UserFiles.Kind.SETTINGS)));
            assertTrue(e.getMessage().contains(expected.getValue()), expected.getKey() + ": " + e.getMessage());
        }
        Path dangling = Mutations.special(dir.resolve("settings.json"), Mutations.Special.DANGLING_LINK);
        assertThrows(NoSuchFileException.class, () -> UserFiles.readText(dangling, UserFiles.Kind.SETTINGS));
    }

    @Test
    void eachKindHasItsCap() throws IOException {
        Path ref = Files.writeString(dir.resolve("main"), "a".repeat(2000));
        UserFileException e = assertThrows(UserFileException.class,
                () -> UserFiles.readText(ref, UserFiles.Kind.HUB_REFERENCE));
        assertTrue(e.getMessage().contains("more than the 256 bytes a Hugging Face cache reference may have"), e.getMessage());
        assertEquals(2000, UserFiles.readText(ref, UserFiles.Kind.MODEL_CONFIG).length());
    }

    @Test
    void textMustBeUtf8AndLosesItsByteOrderMark() throws IOException {
        Path bad = Files.write(dir.resolve("bad.json"), new byte[] {'{', (byte) 0xff, '}'});
        UserFileException e = assertThrows(UserFileException.class,
                () -> UserFiles.readText(bad, UserFiles.Kind.EDIT_RECORD));
        assertTrue(e.getMessage().contains("edit record in UTF-8"), e.getMessage());
        Path bom = Files.write(dir.resolve("bom.json"), new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'});
        assertEquals("{}", UserFiles.readText(bom, UserFiles.Kind.SETTINGS));
    }
}
