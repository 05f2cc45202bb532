package com.arpgstudio.bench;

import com.arpgstudio.inference.checkpoint.DType;
import com.arpgstudio.inference.checkpoint.StateDict;
import com.arpgstudio.inference.checkpoint.StoredTensor;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a float32 state dict the way {@code torch.save({section: state_dict}, file)} does: a zip
 * of stored entries {@code NAME/data.pkl} (a protocol-2 pickle of a dict holding an
 * {@code OrderedDict} of {@code torch._utils._rebuild_tensor_v2} calls, each naming its storage by
 * a persistent id), {@code NAME/data/K} (one storage per tensor, aligned to 64 bytes as torch
 * aligns them), {@code NAME/byteorder} and {@code NAME/version}. For checkpoints of released sizes
 * that no fixture has; the app's safe readers read them as they read torch's own files.
 */
final class TorchSave {

    private static final int ALIGNMENT = 64;
    /** The extra-field id torch pads its local headers with. */
    private static final short PADDING_FIELD = 0x4246;

    private TorchSave() {}

    /** Writes {@code {section: OrderedDict(name -> tensor)}} to the file (float32 tensors only). */
    static void write(StateDict weights, String section, Path file) throws IOException {
        String archive = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        try (CountingStream counted = new CountingStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20));
             ZipOutputStream zip = new ZipOutputStream(counted)) {
            zip.setMethod(ZipOutputStream.STORED);
            put(zip, counted, archive + "/data.pkl", pickle(weights, section));
            put(zip, counted, archive + "/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            int key = 0;
            for (String name : weights.names()) {
                StoredTensor tensor = weights.get(name);
                if (tensor.dtype() != DType.F32) {
                    throw new IOException(name + ": expected a float32 tensor, found " + tensor.dtype());
                }
                float[] values = tensor.toFloats();
                ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                bytes.asFloatBuffer().put(values);
                put(zip, counted, archive + "/data/" + key++, bytes.array());
            }
            put(zip, counted, archive + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** A stored entry whose data starts on a 64-byte boundary of the file. */
    private static void put(ZipOutputStream zip, CountingStream counted, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        entry.setCrc(crc.getValue());
        long dataStart = counted.count + 30 + name.getBytes(StandardCharsets.UTF_8).length + 4;
        int pad = (int) ((ALIGNMENT - dataStart % ALIGNMENT) % ALIGNMENT);
        ByteBuffer extra = ByteBuffer.allocate(4 + pad).order(ByteOrder.LITTLE_ENDIAN);
        extra.putShort(PADDING_FIELD).putShort((short) pad);
        entry.setExtra(extra.array());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }

    /** The pickle torch writes for a dict of one state dict, storage K holding tensor K. */
    static byte[] pickle(StateDict weights, String section) throws IOException {
        Pickle p = new Pickle();
        p.op(0x80, 2).op('}').op('(').text(section);
        p.global("collections", "OrderedDict").op(')').op('R').op('(');
        int key = 0;
        for (String name : weights.names()) {
            long[] shape = weights.get(name).shape();
            long[] stride = new long[shape.length];
            long step = 1;
            for (int i = shape.length - 1; i >= 0; i--) {
                stride[i] = step;
                step *= shape[i];
            }
            p.text(name).global("torch._utils", "_rebuild_tensor_v2").op('(');
            p.op('(').text("storage").global("torch", "FloatStorage").text(String.valueOf(key++)).text("cpu")
                    .integer(step).op('t').op('Q');
            p.integer(0).tuple(shape).tuple(stride).op(0x89);
            p.global("collections", "OrderedDict").op(')').op('R');
            p.op('t').op('R');
        }
        return p.op('u').op('u').op('.').bytes();
    }

    /** Pickle opcodes, protocol 2. */
    private static final class Pickle {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pickle op(int... codes) {
            for (int code : codes) {
                out.write(code);
            }
            return this;
        }

        /** BINUNICODE. */
        Pickle text(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            op('X');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
            out.writeBytes(utf8);
            return this;
        }

        /** GLOBAL module name. */
        Pickle global(String module, String name) {
            op('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        /** BININT for 32-bit values, LONG1 beyond. */
        Pickle integer(long value) {
            if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
                op('J');
                out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value).array());
            } else {
                op(0x8a, 8);
                out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
            }
            return this;
        }

        Pickle tuple(long[] values) {
            op('(');
            for (long v : values) {
                integer(v);
            }
            return op('t');
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** Counts the bytes written through it, so that entries can be aligned. */
    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
