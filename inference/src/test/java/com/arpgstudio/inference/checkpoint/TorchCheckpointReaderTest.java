package com.arpgstudio.inference.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** torch.save checkpoints generated here: dtypes, views, wrappers, refusals, byte order, legacy format. */
class TorchCheckpointReaderTest {

    @TempDir
    Path dir;

    private static byte[] floats(ByteOrder order, float... values) {
        ByteBuffer out = ByteBuffer.allocate(values.length * 4).order(order);
        for (float v : values) {
            out.putFloat(v);
        }
        return out.array();
    }

    private static float[] range(int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    private Path write(TestZip zip) throws IOException {
        Path file = dir.resolve("checkpoint-" + System.nanoTime() + ".pt");
        zip.write(file);
        return file;
    }

    @Test
    void readsEveryStorageType() throws IOException {
        PickleWriter p = new PickleWriter().proto(2).emptyDict().mark();
        p.str("f32").tensor("FloatStorage", "0", 2);
        p.str("f16").tensor("HalfStorage", "1", 2);
        p.str("bf16").tensor("BFloat16Storage", "2", 2);
        p.str("i64").tensor("LongStorage", "3", 2);
        p.str("i32").tensor("IntStorage", "4", 2);
        p.str("u8").tensor("ByteStorage", "5", 2);
        p.str("bool").tensor("BoolStorage", "6", 2);
        p.setitems().stop();
        ByteBuffer half = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                .putShort(HalfFloat.fromFloat(1.5f)).putShort(HalfFloat.fromFloat(-2f));
        ByteBuffer bf16 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) (Float.floatToIntBits(3f) >>> 16)).putShort((short) (Float.floatToIntBits(-0.5f) >>> 16));
        ByteBuffer i64 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-7).putLong(1L << 40);
        ByteBuffer i32 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(-3).putInt(70000);
        Path file = write(TestZip.checkpoint("weights", p.bytes(), "little")
                .add("weights/data/0", floats(ByteOrder.LITTLE_ENDIAN, 0.25f, -8f))
                .add("weights/data/1", half.array()).add("weights/data/2", bf16.array())
                .add("weights/data/3", i64.array()).add("weights/data/4", i32.array())
                .add("weights/data/5", new byte[] {(byte) 200, 7}).add("weights/data/6", new byte[] {1, 0}));
        StateDict sd = StateDict.open(file);
        assertEquals(List.of("f32", "f16", "bf16", "i64", "i32", "u8", "bool"), List.copyOf(sd.names()));
        assertArrayEquals(new float[] {0.25f, -8f}, sd.get("f32").toFloats());
        assertArrayEquals(new float[] {1.5f, -2f}, sd.get("f16").toFloats());
        assertArrayEquals(new float[] {3f, -0.5f}, sd.get("bf16").toFloats());
        assertArrayEquals(new long[] {-7, 1L << 40}, sd.get("i64").toLongs());
        assertArrayEquals(new long[] {-3, 70000}, sd.get("i32").toLongs());
        assertArrayEquals(new long[] {200, 7}, sd.get("u8").toLongs());
        assertArrayEquals(new long[] {1, 0}, sd.get("bool").toLongs());
        assertEquals(DType.BOOL, sd.get("bool").dtype());
    }

    @Test
    void viewsSharingAStorageGiveContiguousBytes() throws IOException {
        // storage 0 holds 0..23; views: rows 1..2 of a (4,6) matrix, its transpose, a broadcast row, a scalar
        PickleWriter p = new PickleWriter().proto(2).emptyDict().mark();
        p.str("rows").tensor("FloatStorage", "0", 24, 6, new long[] {2, 6}, new long[] {6, 1});
        p.str("transposed").tensor("FloatStorage", "0", 24, 0, new long[] {6, 4}, new long[] {1, 6});
        p.str("broadcast").tensor("FloatStorage", "0", 24, 2, new long[] {3, 2}, new long[] {0, 1});
        p.str("scalar").tensor("FloatStorage", "0", 24, 23, new long[] {}, new long[] {});
        p.str("column").tensor("FloatStorage", "0", 24, 5, new long[] {4, 1}, new long[] {6, 1});
        p.str("empty").tensor("FloatStorage", "0", 24, 0, new long[] {0, 6}, new long[] {6, 1});
        p.setitems().stop();
        Path file = write(TestZip.checkpoint("archive", p.bytes(), "little")
                .add("archive/data/0", floats(ByteOrder.LITTLE_ENDIAN, range(24))));
        StateDict sd = StateDict.open(file);
        assertArrayEquals(new float[] {6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}, sd.get("rows").toFloats());
        float[] transposed = sd.get("transposed").toFloats();
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(j * 6 + i, transposed[i * 4 + j]);
            }
        }
        assertArrayEquals(new float[] {2, 3, 2, 3, 2, 3}, sd.get("broadcast").toFloats());
        assertArrayEquals(new float[] {23}, sd.get("scalar").toFloats());
        assertArrayEquals(new float[] {5, 11, 17, 23}, sd.get("column").toFloats());
        assertArrayEquals(new float[] {}, sd.get("empty").toFloats());
    }

    @Test
    void viewPastItsStorageIsAnErrorNamingTheKey() throws IOException {
        PickleWriter p = new PickleWriter().proto(2).emptyDict().mark();
        p.str("too.far").tensor("FloatStorage", "0", 8, 4, new long[] {2, 3}, new long[] {3, 1});
        p.setitems().stop();
        Path file = write(TestZip.checkpoint("archive", p.bytes(), "little")
                .add("archive/data/0", floats(ByteOrder.LITTLE_ENDIAN, range(8))));
        CheckpointException e = assertThrows(CheckpointException.class, () -> StateDict.open(file));
        assertTrue(e.getMessage().contains("too.far") && e.getMessage().contains("storage of 8"), e.getMessage());
    }

    @Test
    void bigEndianFilesAreSwapped() throws IOException {
        PickleWriter p = new PickleWriter().proto(2).emptyDict().mark();
        p.str("w").tensor("FloatStorage", "0", 3).setitems().stop();
        Path file = write(TestZip.checkpoint("archive", p.bytes(), "big")
                .add("archive/data/0", floats(ByteOrder.BIG_ENDIAN, 1f, -2f, 0.5f)));
        assertArrayEquals(new float[] {1f, -2f, 0.5f}, StateDict.open(file).get("w").toFloats());
    }

    /** {'model': sd, 'ema': sd', 'optimizer': {...}, 'steps': 5000, 'args': Namespace(...)} as train_c2i.py saves. */
    private Path trainingCheckpoint(boolean ddpPrefix) throws IOException {
        String prefix = ddpPrefix ? "module." : "";
        PickleWriter p = new PickleWriter().proto(2).emptyDict().mark();
        p.str("model").emptyDict().mark().str(prefix + "head.weight").tensor("FloatStorage", "0", 2)
                .str(prefix + "norm.weight").tensor("FloatStorage", "1", 2).setitems();
        p.str("ema").emptyDict().mark().str("head.weight").tensor("FloatStorage", "2", 2).setitems();
        // the optimizer's storage "9" is absent from the archive: it must never be looked at
        p.str("optimizer").emptyDict().mark().str("state").emptyDict().integer(0).emptyDict()
                .str("exp_avg").tensor("FloatStorage", "9", 1000).setitem().setitem()
                .str("param_groups").op(']').setitems();
        p.str("steps").integer(5000);
        p.str("args").global("argparse", "Namespace").emptyTuple().op(0x81)
                .emptyDict().mark().str("vq_model").str("VQ-16").str("lr").op('G', 0x3f, 0x1a, 0x36, 0xe2, 0xeb, 0x1c, 0x43, 0x2d)
                .setitems().op('b');
        p.setitems().stop();
        return write(TestZip.checkpoint("checkpoint", p.bytes(), "little")
                .add("checkpoint/data/0", floats(ByteOrder.LITTLE_ENDIAN, 1, 2))
                .add("checkpoint/data/1", floats(ByteOrder.LITTLE_ENDIAN, 3, 4))
                .add("checkpoint/data/2", floats(ByteOrder.LITTLE_ENDIAN, 5, 6)));
    }

    @Test
    void trainingCheckpointUnwrapsModelAndNeverTouchesTheOptimizer() throws IOException {
        StateDict sd = StateDict.open(trainingCheckpoint(false));
        assertEquals(List.of("head.weight", "norm.weight"), List.copyOf(sd.names()));
        assertArrayEquals(new float[] {1, 2}, sd.get("head.weight").toFloats());
        assertArrayEquals(new float[] {3, 4}, sd.get("norm.weight").toFloats());
    }

    @Test
    void emaOnlyWhenAskedFor() throws IOException {
        Path file = trainingCheckpoint(false);
        StateDict ema = StateDict.open(file, "ema");
        assertEquals(List.of("head.weight"), List.copyOf(ema.names()));
        assertArrayEquals(new float[] {5, 6}, ema.get("head.weight").toFloats());
        CheckpointException e = assertThrows(CheckpointException.class, () -> StateDict.open(file, "swa"));
        assertTrue(e.getMessage().contains("'swa'") && e.getMessage().contains("model"), e.getMessage());
    }

    @Test
    void dataParallelPrefixIsStripped() throws IOException {
        assertEquals(List.of("head.weight", "norm.weight"), List.copyOf(StateDict.open(trainingCheckpoint(true)).names()));
    }

    @Test
    void releasedLayoutUnderStateDictWithAnyArchivePrefix() throws IOException {
        PickleWriter p = new PickleWriter().proto(2).emptyDict().str("state_dict")
                .global("collections", "OrderedDict").emptyTuple().reduce()
                .mark().str("w").global("torch._utils", "_rebuild_parameter")
                .mark().tensor("FloatStorage", "0", 2).newFalse().global("collections", "OrderedDict").emptyTuple().reduce().tuple()
                .reduce().setitems()
                // an OrderedDict's _metadata attribute arrives by BUILD and is not an item
                .emptyDict().mark().str("_metadata").emptyDict().setitems().op('b')
                .setitem().stop();
        Path file = write(TestZip.checkpoint("arpg_300m", p.bytes(), null)
                .add("arpg_300m/data/0", floats(ByteOrder.LITTLE_ENDIAN, 7, 8)));
        StateDict sd = StateDict.open(file);
        assertEquals(List.of("w"), List.copyOf(sd.names()));
        assertArrayEquals(new float[] {7, 8}, sd.get("w").toFloats());
    }

    @Test
    void protocolFourOpcodes() throws IOException {
        PickleWriter p = new PickleWriter().proto(4).op(0x95, 0, 0, 0, 0, 0, 0, 0, 0) // FRAME
                .op('}').op(0x94) // EMPTY_DICT, MEMOIZE
                .mark()
                .shortStr("w").op(0x94)
                .shortStr("torch._utils").shortStr("_rebuild_tensor_v2").op(0x93).op(0x94) // STACK_GLOBAL
                .mark().mark().shortStr("storage").shortStr("torch").shortStr("FloatStorage").op(0x93)
                .shortStr("0").shortStr("cpu").integer(2).tuple().op('Q')
                .integer(0).integer(2).op(0x85).integer(1).op(0x85).newFalse()
                .shortStr("collections").shortStr("OrderedDict").op(0x93).emptyTuple().reduce()
                .tuple().reduce()
                .shortStr("tags").op(0x8f).op(0x94).mark().shortStr("a").shortStr("b").op(0x90) // EMPTY_SET, ADDITEMS
                .shortStr("blob").op('C', 3, 1, 2, 3) // SHORT_BINBYTES
                .shortStr("again").op('h', 0) // BINGET of the memoized dict
                .setitems().stop();
        Path file = write(TestZip.checkpoint("archive", p.bytes(), "little")
                .add("archive/data/0", floats(ByteOrder.LITTLE_ENDIAN, 9, 10)));
        StateDict sd = StateDict.open(file);
        assertEquals(List.of("w"), List.copyOf(sd.names()));
        assertArrayEquals(new float[] {9, 10}, sd.get("w").toFloats());
    }

    private void assertRefused(byte[] pickle, String global) throws IOException {
        Path file = write(TestZip.checkpoint("archive", pickle, "little"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> StateDict.open(file));
        assertTrue(e.getMessage().contains(global) && e.getMessage().contains("refused"), e.getMessage());
    }

    @Test
    void unlistedCallablesRefuseTheFile() throws IOException {
        assertRefused(new PickleWriter().proto(2).global("builtins", "eval").mark().str("1+1").tuple().reduce().stop().bytes(),
                "builtins.eval");
        assertRefused(new PickleWriter().proto(2).global("subprocess", "Popen").mark().str("ls").tuple().reduce().stop().bytes(),
                "subprocess.Popen");
        assertRefused(new PickleWriter().proto(4).shortStr("os").shortStr("system").op(0x93)
                .mark().shortStr("id").tuple().reduce().stop().bytes(), "os.system");
        // deep inside a state dict, after valid tensors, still refused
        assertRefused(new PickleWriter().proto(2).emptyDict().mark().str("w").tensor("FloatStorage", "0", 1)
                .str("x").global("builtins", "getattr").mark().str("a").str("b").tuple().reduce()
                .setitems().stop().bytes(), "builtins.getattr");
        // a call through a placeholder object is refused too
        Path file = write(TestZip.checkpoint("archive", new PickleWriter().proto(2).global("argparse", "Namespace")
                .emptyTuple().op(0x81).emptyTuple().reduce().stop().bytes(), "little"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> StateDict.open(file));
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
    }

    @Test
    void wholePickledModelsAreRejectedClearly() throws IOException {
        Path file = write(TestZip.checkpoint("archive", new PickleWriter().proto(2).global("models.arpg", "ARPG")
                .emptyTuple().op(0x81).emptyDict().op('b').stop().bytes(), "little"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> StateDict.open(file));
        assertTrue(e.getMessage().contains("models.arpg.ARPG") && e.getMessage().contains("state_dict"), e.getMessage());
    }

    @Test
    void legacyFormat() throws IOException {
        PickleWriter p = new PickleWriter()
                .proto(2).op(0x8a, 10, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19).stop()
                .proto(2).integer(1001).stop()
                .proto(2).emptyDict().mark().str("protocol_version").integer(1001).str("little_endian").op(0x88)
                .setitems().stop()
                .proto(2).emptyDict().mark().str("a");
        // legacy persistent ids carry a sixth item, the view metadata (None)
        p.global("torch._utils", "_rebuild_tensor_v2").mark()
                .mark().str("storage").global("torch", "FloatStorage").str("140").str("cpu").integer(3).none().tuple().op('Q')
                .integer(1).ints(2).ints(1).newFalse().global("collections", "OrderedDict").emptyTuple().reduce()
                .tuple().reduce();
        p.str("b").global("torch._utils", "_rebuild_tensor_v2").mark()
                .mark().str("storage").global("torch", "LongStorage").str("77").str("cpu").integer(2).none().tuple().op('Q')
                .integer(0).ints(2).ints(1).newFalse().global("collections", "OrderedDict").emptyTuple().reduce()
                .tuple().reduce();
        p.setitems().stop();
        p.op(']').mark().str("140").str("77").op('e').stop();
        ByteBuffer storages = ByteBuffer.allocate(8 + 12 + 8 + 16).order(ByteOrder.LITTLE_ENDIAN);
        storages.putLong(3).putFloat(1).putFloat(2).putFloat(3).putLong(2).putLong(-5).putLong(6);
        Path file = dir.resolve("legacy.pth");
        Files.write(file, concat(p.bytes(), storages.array()));
        assertEquals(CheckpointFormat.TORCH_LEGACY, CheckpointFormat.detect(file));
        StateDict sd = StateDict.open(file);
        assertArrayEquals(new float[] {2, 3}, sd.get("a").toFloats());
        assertArrayEquals(new long[] {-5, 6}, sd.get("b").toLongs());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void unsupportedStorageTypeIsNamed() throws IOException {
        // a storage of unsupported type is reported with its key
        PickleWriter p = new PickleWriter().proto(2).emptyDict().mark().str("d").tensor("DoubleStorage", "0", 1)
                .setitems().stop();
        Path file = write(TestZip.checkpoint("archive", p.bytes(), "little").add("archive/data/0", new byte[8]));
        CheckpointException e = assertThrows(CheckpointException.class, () -> StateDict.open(file));
        assertTrue(e.getMessage().contains("'d'") && e.getMessage().contains("DoubleStorage"), e.getMessage());
    }
}
