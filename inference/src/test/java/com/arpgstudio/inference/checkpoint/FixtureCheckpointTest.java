package com.arpgstudio.inference.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.ReferenceFixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The fixture's .pt and .safetensors files hold the same tensors; malicious.pt is refused. */
@ReferenceFixtures.Needed
class FixtureCheckpointTest {

    @ParameterizedTest
    @ValueSource(strings = {"arpg", "vq"})
    void torchAndSafetensorsGiveIdenticalTensors(String model) throws IOException {
        StateDict pt = StateDict.open(ReferenceFixtures.file(model + ".pt"));
        StateDict st = StateDict.open(ReferenceFixtures.file(model + ".safetensors"));
        assertEquals(new TreeSet<>(st.names()), new TreeSet<>(pt.names()));
        assertFalse(pt.names().isEmpty());
        for (String name : st.names()) {
            StoredTensor a = pt.get(name);
            StoredTensor b = st.get(name);
            assertEquals(b.dtype(), a.dtype(), name);
            assertArrayEquals(b.shape(), a.shape(), name);
            ByteBuffer expected = readAll(b);
            ByteBuffer actual = readAll(a);
            assertEquals(expected, actual, name);
        }
    }

    private static ByteBuffer readAll(StoredTensor tensor) throws IOException {
        return switch (tensor.dtype()) {
            case F32, F16, BF16 -> {
                float[] values = tensor.toFloats();
                ByteBuffer out = ByteBuffer.allocate(values.length * 4);
                out.asFloatBuffer().put(values);
                yield out;
            }
            default -> {
                long[] values = tensor.toLongs();
                ByteBuffer out = ByteBuffer.allocate(values.length * 8);
                out.asLongBuffer().put(values);
                yield out;
            }
        };
    }

    @Test
    void formatIsDetectedByContentNotName(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path renamed = dir.resolve("weights.bin");
        Files.copy(ReferenceFixtures.file("arpg.pt"), renamed);
        assertEquals(CheckpointFormat.TORCH_ZIP, CheckpointFormat.detect(renamed));
        assertEquals(StateDict.open(ReferenceFixtures.file("arpg.safetensors")).names().size(), StateDict.open(renamed).names().size());
        Path safetensorsNamedPt = dir.resolve("model.pt");
        Files.copy(ReferenceFixtures.file("vq.safetensors"), safetensorsNamedPt);
        assertEquals(CheckpointFormat.SAFETENSORS, CheckpointFormat.detect(safetensorsNamedPt));
        Path text = dir.resolve("notes.safetensors");
        Files.writeString(text, "hello, this is not a checkpoint");
        CheckpointException e = assertThrows(CheckpointException.class, () -> StateDict.open(text));
        assertTrue(e.getMessage().contains("not a checkpoint"), e.getMessage());
    }

    @Test
    void maliciousPickleIsRefusedNamingTheGlobalAndRunsNothing() throws IOException {
        // the payload writes a marker file; whatever it is, nothing may appear or change
        Path marker = Path.of("/tmp/arpg-pwned");
        FileTime before = Files.exists(marker) ? Files.getLastModifiedTime(marker) : null;
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> StateDict.open(ReferenceFixtures.file("malicious.pt")));
        assertTrue(Pattern.compile("\\b(os|posix|nt|builtins|subprocess)\\.\\w+").matcher(e.getMessage()).find(),
                e.getMessage());
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
        FileTime after = Files.exists(marker) ? Files.getLastModifiedTime(marker) : null;
        assertEquals(before, after, "the marker file was created or touched");
    }
}
