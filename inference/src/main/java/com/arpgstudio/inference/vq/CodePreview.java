package com.arpgstudio.inference.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.arpgstudio.inference.runtime.AtomicFiles;
import com.arpgstudio.inference.runtime.DjlRuntime;
import com.arpgstudio.inference.runtime.UserFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.function.IntConsumer;

/**
 * A per-code patch table for drawing a token grid without running the decoder over the grid: each
 * code's patch is what the decoder makes of that code alone (a 1x1 token map, f x f pixels).
 *
 * <p>Patches are decoded on demand, batched ({@link #ensure} after each generation step decodes
 * only codes never seen before, at a fraction of a full decode each), or all at once
 * ({@link #computeAll}, seconds on a GPU, minutes for VQ-16 on a 2-core CPU). The table persists
 * in a cache folder under a key made from the decoder's weights ({@link #save}), so it fills up
 * over time and later sessions draw previews with array copies alone. Smaller patches, down to one
 * mean colour per code, come from {@link #withPatchSize}.
 *
 * <p>{@link #ensure}, {@link #computeAll} and {@link #save} run the decoder or write files: call
 * them on the engine thread. {@link #render} only copies and may run anywhere.
 */
public final class CodePreview {

    /** Codes decoded per batch. */
    public static final int BATCH = 64;

    private static final String MAGIC = "ARPG-VQ-PREVIEW-2";

    private final Tokenizer tokenizer; // null for a derived, fixed table
    private final Path file; // null when not cached
    private final byte[] fingerprint;
    private final int codebookSize;
    private final int patchSize;
    private final int[] patches; // codebookSize * patchSize^2 ARGB, row-major per code; 0 while unknown
    private final BitSet known;

    private CodePreview(Tokenizer tokenizer, Path file, byte[] fingerprint, int codebookSize, int patchSize,
            int[] patches, BitSet known) {
        this.tokenizer = tokenizer;
        this.file = file;
        this.fingerprint = fingerprint;
        this.codebookSize = codebookSize;
        this.patchSize = patchSize;
        this.patches = patches;
        this.known = known;
    }

    /** An empty full-size table for this tokenizer, filled by {@link #ensure} or {@link #computeAll}; not cached. */
    public static CodePreview of(Tokenizer tokenizer) {
        int size = tokenizer.codebookSize();
        int f = tokenizer.downsampleFactor();
        return new CodePreview(tokenizer, null, null, size, f, new int[size * f * f], new BitSet(size));
    }

    /** The full table, every code decoded; {@code progress} (may be null) gets the count of codes done. */
    public static CodePreview compute(Tokenizer tokenizer, IntConsumer progress) {
        CodePreview preview = of(tokenizer);
        preview.computeAll(progress);
        return preview;
    }

    /**
     * The table for this tokenizer kept in {@code cacheDir}: what an earlier {@link #save} stored
     * for the same decoder weights (the file name carries their fingerprint), or an empty table.
     * An unreadable or damaged file, or anything but a regular file in its place, counts as absent.
     */
    public static CodePreview cached(Tokenizer tokenizer, Path cacheDir) {
        byte[] fingerprint = tokenizer.weights().decoderFingerprint();
        int size = tokenizer.codebookSize();
        int f = tokenizer.downsampleFactor();
        Path file = cacheDir.resolve("vq-preview-" + HexFormat.of().formatHex(fingerprint, 0, 16) + ".bin");
        int[] patches = new int[size * f * f];
        BitSet known = read(file, fingerprint, size, f, patches);
        if (known == null) {
            Arrays.fill(patches, 0);
            known = new BitSet(size);
        }
        return new CodePreview(tokenizer, file, fingerprint, size, f, patches, known);
    }

    public int codebookSize() {
        return codebookSize;
    }

    public int patchSize() {
        return patchSize;
    }

    /** How many codes have their patch. */
    public synchronized int knownCount() {
        return known.cardinality();
    }

    public synchronized boolean isKnown(int code) {
        checkCode(code);
        return known.get(code);
    }

    /**
     * Decodes the patches of those codes not known yet (negative codes, meaning not generated,
     * are skipped), in batches of {@value #BATCH}. Returns how many were decoded.
     */
    public synchronized int ensure(int[] codes) {
        BitSet missing = new BitSet(codebookSize);
        for (int code : codes) {
            if (code >= 0) {
                checkCode(code);
                if (!known.get(code)) {
                    missing.set(code);
                }
            }
        }
        decode(missing.stream().toArray(), null);
        return missing.cardinality();
    }

    /** Decodes every code not known yet; {@code progress} (may be null) gets the count of known codes. */
    public synchronized void computeAll(IntConsumer progress) {
        BitSet missing = new BitSet(codebookSize);
        missing.set(0, codebookSize);
        missing.andNot(known);
        decode(missing.stream().toArray(), progress);
    }

    /** Writes the table to its cache file atomically (temp file, then move); a no-op for uncached tables. */
    public synchronized void save() throws IOException {
        if (file == null) {
            return;
        }
        AtomicFiles.write(file, temp -> {
            try (OutputStream stream = Files.newOutputStream(temp);
                    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16))) {
                out.writeUTF(MAGIC);
                out.write(fingerprint);
                out.writeInt(codebookSize);
                out.writeInt(patchSize);
                byte[] mask = Arrays.copyOf(known.toByteArray(), (codebookSize + 7) / 8);
                out.write(mask);
                for (int pixel : patches) {
                    out.write(pixel >>> 16);
                    out.write(pixel >>> 8);
                    out.write(pixel);
                }
            }
        });
    }

    /**
     * A fixed copy of the known patches at a smaller size, each pixel the rounded mean of the pixels
     * it covers; {@code 1} gives one mean colour per code. Unknown codes stay unknown.
     */
    public synchronized CodePreview withPatchSize(int smaller) {
        if (smaller <= 0 || patchSize % smaller != 0) {
            throw new IllegalArgumentException("expected a patch size dividing " + patchSize + ", found " + smaller);
        }
        int pool = patchSize / smaller;
        int area = patchSize * patchSize;
        int[] pooled = new int[codebookSize * smaller * smaller];
        for (int code = known.nextSetBit(0); code >= 0; code = known.nextSetBit(code + 1)) {
            for (int py = 0; py < smaller; py++) {
                for (int px = 0; px < smaller; px++) {
                    int r = 0;
                    int g = 0;
                    int b = 0;
                    for (int y = py * pool; y < (py + 1) * pool; y++) {
                        for (int x = px * pool; x < (px + 1) * pool; x++) {
                            int pixel = patches[code * area + y * patchSize + x];
                            r += (pixel >>> 16) & 0xff;
                            g += (pixel >>> 8) & 0xff;
                            b += pixel & 0xff;
                        }
                    }
                    int cells = pool * pool;
                    pooled[(code * smaller + py) * smaller + px] = 0xff000000
                            | Math.round((float) r / cells) << 16
                            | Math.round((float) g / cells) << 8
                            | Math.round((float) b / cells);
                }
            }
        }
        return new CodePreview(null, null, null, codebookSize, smaller, pooled, (BitSet) known.clone());
    }

    /** One code's patch, {@code patchSize x patchSize} ARGB pixels, row-major; transparent while unknown. */
    public synchronized int[] patch(int code) {
        checkCode(code);
        int area = patchSize * patchSize;
        return Arrays.copyOfRange(patches, code * area, (code + 1) * area);
    }

    /**
     * A preview of a token grid in raster order, {@code (height * patchSize)} rows of
     * {@code (width * patchSize)} ARGB pixels. Cells whose code is negative (not generated yet) or
     * whose patch is not known are transparent.
     */
    public int[] render(int[] codes, int height, int width) {
        int[] out = new int[height * patchSize * width * patchSize];
        render(codes, height, width, out);
        return out;
    }

    /** {@link #render(int[], int, int)} into a caller's buffer, reused between generation steps. */
    public synchronized void render(int[] codes, int height, int width, int[] out) {
        if (height <= 0 || width <= 0 || codes.length != height * width) {
            throw new IllegalArgumentException("expected " + height + "x" + width + " codes, found " + codes.length);
        }
        int rowPixels = width * patchSize;
        if (out.length != height * patchSize * rowPixels) {
            throw new IllegalArgumentException("expected an output of " + height * patchSize * rowPixels
                    + " pixels, found " + out.length);
        }
        int area = patchSize * patchSize;
        for (int row = 0; row < height; row++) {
            for (int column = 0; column < width; column++) {
                int code = codes[row * width + column];
                int origin = row * patchSize * rowPixels + column * patchSize;
                if (code >= 0) {
                    checkCode(code);
                }
                for (int y = 0; y < patchSize; y++) {
                    int at = origin + y * rowPixels;
                    if (code < 0) {
                        Arrays.fill(out, at, at + patchSize, 0);
                    } else {
                        System.arraycopy(patches, code * area + y * patchSize, out, at, patchSize);
                    }
                }
            }
        }
    }

    private void decode(int[] codes, IntConsumer progress) {
        if (codes.length > 0 && tokenizer == null) {
            throw new IllegalStateException("a derived preview table cannot decode; derive it after ensure()");
        }
        int area = patchSize * patchSize;
        for (int start = 0; start < codes.length; start += BATCH) {
            int count = Math.min(BATCH, codes.length - start);
            long[] batch = new long[count];
            for (int i = 0; i < count; i++) {
                batch[i] = codes[start + i];
            }
            float[] decoded;
            try (NDManager scope = DjlRuntime.newManager(tokenizer.device())) {
                NDArray codeArray = scope.create(batch, new Shape(count, 1, 1));
                decoded = tokenizer.decode(codeArray).toType(DataType.FLOAT32, false).toFloatArray(); // (n, 3, f, f)
            }
            for (int n = 0; n < count; n++) {
                int code = (int) batch[n];
                int[] patch = ImageTensors.toArgb(decoded, n * 3 * area, patchSize, patchSize, null);
                System.arraycopy(patch, 0, patches, code * area, area);
                known.set(code);
            }
            if (progress != null) {
                progress.accept(known.cardinality());
            }
        }
    }

    private void checkCode(int code) {
        if (code < 0 || code >= codebookSize) {
            throw new IllegalArgumentException("expected a code in [0, " + codebookSize + "), found " + code);
        }
    }

    /**
     * Fills {@code patches} from the file and returns the known set, or null when absent, damaged,
     * for other weights or not a regular file (a named pipe would block the open). What it reads
     * is bounded by the table's own size.
     */
    static BitSet read(Path file, byte[] fingerprint, int codebookSize, int patchSize, int[] patches) {
        try {
            UserFiles.requireRegular(file, "code preview table");
        } catch (IOException e) {
            return null;
        }
        try (InputStream stream = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16))) {
            if (!MAGIC.equals(in.readUTF())) {
                return null;
            }
            byte[] storedFingerprint = new byte[fingerprint.length];
            in.readFully(storedFingerprint);
            if (!Arrays.equals(storedFingerprint, fingerprint) || in.readInt() != codebookSize
                    || in.readInt() != patchSize) {
                return null;
            }
            byte[] mask = new byte[(codebookSize + 7) / 8];
            in.readFully(mask);
            BitSet known = BitSet.valueOf(mask);
            byte[] pixel = new byte[3];
            for (int i = 0; i < patches.length; i++) {
                in.readFully(pixel);
                patches[i] = 0xff000000 | (pixel[0] & 0xff) << 16 | (pixel[1] & 0xff) << 8 | (pixel[2] & 0xff);
            }
            int area = patchSize * patchSize;
            for (int code = known.nextClearBit(0); code < codebookSize; code = known.nextClearBit(code + 1)) {
                Arrays.fill(patches, code * area, (code + 1) * area, 0); // unknown stays transparent
            }
            return in.read() == -1 && known.length() <= codebookSize ? known : null;
        } catch (IOException e) {
            return null; // absent, unreadable, truncated or malformed: start empty
        }
    }
}
