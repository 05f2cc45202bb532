package com.arpgstudio.inference.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.fuzz.FuzzRunner;
import com.arpgstudio.inference.fuzz.Mutations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Checkpoints built to cost time or memory, or to use a class they may not, through
 * {@link StateDict#open}: each is read or refused within a CPU-time bound (measured as the fuzz
 * runner does, on this thread) and an allocation bound, with a message that says why.
 */
class HostileCheckpointTest {

    /** CPU time any of these may take on a loaded build machine; they take milliseconds. */
    private static final long CPU_LIMIT_MS = 2000;

    @TempDir
    Path dir;

    private Path write(Mutations.Mutant mutant) throws Exception {
        return Files.write(dir.resolve("hostile.pt"), mutant.bytes());
    }

    private static FuzzRunner.Cost open(Path file) {
        return FuzzRunner.measure(() -> StateDict.open(file));
    }

    private static void assertRefused(FuzzRunner.Cost cost, String... words) {
        assertInstanceOf(CheckpointException.class, cost.thrown(), String.valueOf(cost.thrown()));
        for (String word : words) {
            assertTrue(cost.thrown().getMessage().contains(word), "expected '" + word + "' in: " + cost.thrown().getMessage());
        }
    }

    private static void assertWithin(FuzzRunner.Cost cost, long cpuMs, long allocatedMiB) {
        assertTrue(cost.cpuMillis() < cpuMs, cost.cpuMillis() + " ms of CPU");
        assertTrue(cost.allocatedBytes() < allocatedMiB << 20, (cost.allocatedBytes() >> 20) + " MiB allocated");
    }

    @Test
    void dictKeysWithOneHashCodeCostTreeLookupsNotScans() throws Exception {
        // about 700 KB: strings, integers and 1-tuples, all with one Java hash code (quadratic before: over 80 s)
        Mutations.Mutant mutant = Mutations.collidingKeys(24_000, new Random(1));
        Path file = write(mutant);
        FuzzRunner.Cost cost = open(file);
        assertEquals(null, cost.thrown());
        assertEquals(java.util.List.of("w"), java.util.List.copyOf(((StateDict) cost.result()).names()));
        System.out.printf("%d-byte pickle with %s: %d ms CPU%n", mutant.bytes().length, mutant.description(), cost.cpuMillis());
        assertWithin(cost, CPU_LIMIT_MS, 512);
    }

    @Test
    void aLongKeyComparedAgainAndAgainIsChargedItsLength() throws Exception {
        // two equal 1 MB strings (different objects): the dict holds one, then the other is set 100k times
        java.io.ByteArrayOutputStream p = new java.io.ByteArrayOutputStream();
        p.write(new byte[] {(byte) 0x80, 2, 'N', '}'});
        byte[] text = "k".repeat(1 << 20).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int memo = 0; memo < 2; memo++) {
            p.write('X');
            p.write(java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(text.length).array());
            p.write(text);
            p.write(new byte[] {'q', (byte) memo, '0'});
        }
        for (int i = 0; i < 100_000; i++) {
            p.write(new byte[] {'h', (byte) (i == 0 ? 0 : 1), 'N', 's'});
        }
        p.write(new byte[] {'0', '.'});
        Path file = Files.write(dir.resolve("long-key.pt"), Mutations.torchZip(p.toByteArray(), java.util.Map.of()));
        FuzzRunner.Cost cost = open(file);
        assertRefused(cost, "more work than its size allows");
        assertWithin(cost, CPU_LIMIT_MS, 512);
    }

    @Test
    void strideZeroViewsOfATinyStorageAreRefused() throws Exception {
        // an 11 KB file standing for 2 GB of weights
        Mutations.Mutant mutant = Mutations.strideZeroViews(64, new long[] {4096, 2048});
        assertTrue(mutant.bytes().length < 16 << 10, mutant.bytes().length + " bytes");
        FuzzRunner.Cost cost = open(write(mutant));
        assertRefused(cost, "backed by storage of their size", "4 bytes", "2147483648");
        assertWithin(cost, CPU_LIMIT_MS, 64);
    }

    @Test
    void aFewViewsOfOneStorageStillLoad() throws Exception {
        // tied weights: two names over one storage (and torch's own expanded views, TorchFilesTest)
        FuzzRunner.Cost cost = open(write(Mutations.strideZeroViews(2, new long[] {1})));
        assertEquals(null, cost.thrown());
    }

    @Test
    void aHugeDeclaredCompressedSizeIsRefusedBeforeReading() throws Exception {
        Path file = dir.resolve("huge-entry.pt");
        Mutations.hugeDeclaredCompressedSize(file, (2L << 30) - 4096); // a sparse 2 GiB file
        FuzzRunner.Cost cost = open(file);
        assertRefused(cost, "data.pkl", "compressed bytes");
        assertWithin(cost, CPU_LIMIT_MS, 64);
    }

    @ParameterizedTest
    @EnumSource(Mutations.Use.class)
    void usingAForeignClassRefusesTheFileHoweverItIsUsed(Mutations.Use use) throws Exception {
        for (String[] global : new String[][] {{"posix", "system"}, {"os", "system"}, {"subprocess", "Popen"},
            {"builtins", "eval"}}) {
            FuzzRunner.Cost cost = open(write(Mutations.foreignGlobal(global[0], global[1], use)));
            assertRefused(cost, global[0] + "." + global[1], "refused", "nothing was run");
        }
    }

    @Test
    void inertDataClassesLoadAndAreListed() throws Exception {
        FuzzRunner.Cost cost = open(write(Mutations.foreignGlobal("argparse", "Namespace", Mutations.Use.BUILD)));
        assertEquals(null, cost.thrown());
        assertEquals(java.util.List.of(new StateDict.ForeignGlobal("argparse.Namespace", true)),
                ((StateDict) cost.result()).foreignGlobals());
    }

    @Test
    void namesWithTerminalCodesLoadAsTheyAre() throws Exception {
        Random random = new Random(4);
        for (int i = 0; i < 20; i++) {
            Mutations.Mutant mutant = Mutations.terminalNames(random);
            FuzzRunner.Cost cost = open(write(mutant));
            assertEquals(null, cost.thrown(), mutant.description());
            StateDict dict = (StateDict) cost.result();
            assertTrue(dict.names().stream().anyMatch(name -> Mutations.TERMINAL_ATTACKS.stream()
                    .anyMatch(attack -> name.equals("w" + attack))), dict.names() + " " + Arrays.toString(mutant.bytes()));
        }
    }
}
