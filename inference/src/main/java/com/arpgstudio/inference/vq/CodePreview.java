package com.arpgstudio.inference.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.arpgstudio.inference.runtime.DjlRuntime;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.IntConsumer;

/**
 * A per-code patch table for drawing a token grid without running the decoder: each code's patch
 * is what the decoder makes of that code alone (a 1x1 token map, f x f pixels), optionally
 * box-averaged to smaller patches (1 pixel gives each code's mean colour). Built once per
 * tokenizer (one batched decode per {@value #BATCH} codes) and cached on disk under a key made
 * from the decoder's weights, so a preview after every generation step costs only array copies.
 */
public final class CodePreview {

    /** Codes decoded per batch while building the table. */
    public static final int BATCH = 64;

    private static final String MAGIC = "ARPG-VQ-PREVIEW-1";

    private final int codebookSize;
    private final int patchSize;
    private final int[] patches; // codebookSize * patchSize * patchSize opaque ARGB, row-major per code

    private CodePreview(int codebookSize, int patchSize, int[] patches) {
        this.codebookSize = codebookSize;
        this.patchSize = patchSize;
        this.patches = patches;
    }

    /**
     * Builds the full-size table ({@code f x f} patches) by decoding every code; {@code progress}
     * (may be null) receives the number of codes done after each batch.
     */
    public static CodePreview compute(Tokenizer tokenizer, IntConsumer progress) {
        int factor = tokenizer.downsampleFactor();
        int codebookSize = tokenizer.codebookSize();
        int area = factor * factor;
        int[] patches = new int[codebookSize * area];
        for (int start = 0; start < codebookSize; start += BATCH) {
            int count = Math.min(BATCH, codebookSize - start);
            long[] codes = new long[count];
            for (int i = 0; i < count; i++) {
                codes[i] = start + i;
            }
            float[] decoded;
            try (NDManager scope = DjlRuntime.newManager(tokenizer.device())) {
                NDArray codeArray = scope.create(codes, new Shape(count, 1, 1));
                decoded = tokenizer.decode(codeArray).toType(DataType.FLOAT32, false).toFloatArray(); // (n, 3, f, f)
            }
            for (int n = 0; n < count; n++) {
                int[] patch = ImageTensors.toArgb(decoded, n * 3 * area, factor, factor, null);
                System.arraycopy(patch, 0, patches, (start + n) * area, area);
            }
            if (progress != null) {
                progress.accept(start + count);
            }
        }
        return new CodePreview(codebookSize, factor, patches);
    }

    /**
     * The full-size table for this tokenizer from {@code cacheDir} when a valid one is there;
     * otherwise computed and written there atomically. The file name carries the decoder's
     * fingerprint, so other weights never read it.
     */
    public static CodePreview cached(Tokenizer tokenizer, Path cacheDir, IntConsumer progress) throws IOException {
        byte[] fingerprint = tokenizer.weights().decoderFingerprint();
        int patchSize = tokenizer.downsampleFactor();
        Path file = cacheDir.resolve("vq-preview-" + HexFormat.of().formatHex(fingerprint, 0, 16)
                + "-p" + patchSize + ".bin");
        CodePreview stored = read(file, fingerprint, tokenizer.codebookSize(), patchSize);
        if (stored != null) {
            return stored;
        }
        CodePreview computed = compute(tokenizer, progress);
        computed.write(file, fingerprint);
        return computed;
    }

    /**
     * This table with smaller patches, each pixel the rounded mean of the pixels it covers;
     * {@code 1} gives one mean colour per code.
     */
    public CodePreview withPatchSize(int smaller) {
        if (smaller <= 0 || patchSize % smaller != 0) {
            throw new IllegalArgumentException("expected a patch size dividing " + patchSize + ", found " + smaller);
        }
        int pool = patchSize / smaller;
        int area = patchSize * patchSize;
        int[] pooled = new int[codebookSize * smaller * smaller];
        for (int code = 0; code < codebookSize; code++) {
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
        return new CodePreview(codebookSize, smaller, pooled);
    }

    public int codebookSize() {
        return codebookSize;
    }

    public int patchSize() {
        return patchSize;
    }

    /** One code's patch, {@code patchSize x patchSize} opaque ARGB pixels, row-major. */
    public int[] patch(int code) {
        checkCode(code);
        int area = patchSize * patchSize;
        return Arrays.copyOfRange(patches, code * area, (code + 1) * area);
    }

    /**
     * A preview of a token grid in raster order, {@code (height * patchSize)} rows of
     * {@code (width * patchSize)} ARGB pixels; cells whose code is negative (not generated yet) are
     * transparent.
     */
    public int[] render(int[] codes, int height, int width) {
        int[] out = new int[height * patchSize * width * patchSize];
        render(codes, height, width, out);
        return out;
    }

    /** {@link #render(int[], int, int)} into a caller's buffer, reused between generation steps. */
    public void render(int[] codes, int height, int width, int[] out) {
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
                if (code < 0) {
                    for (int y = 0; y < patchSize; y++) {
                        Arrays.fill(out, origin + y * rowPixels, origin + y * rowPixels + patchSize, 0);
                    }
                    continue;
                }
                checkCode(code);
                for (int y = 0; y < patchSize; y++) {
                    System.arraycopy(patches, code * area + y * patchSize, out, origin + y * rowPixels, patchSize);
                }
            }
        }
    }

    private void checkCode(int code) {
        if (code < 0 || code >= codebookSize) {
            throw new IllegalArgumentException("expected a code in [0, " + codebookSize + "), found " + code);
        }
    }

    /** The stored table, or null when the file is absent, unreadable, truncated or made for other weights. */
    private static CodePreview read(Path file, byte[] fingerprint, int codebookSize, int patchSize) {
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
            int[] patches = new int[codebookSize * patchSize * patchSize];
            byte[] pixel = new byte[3];
            for (int i = 0; i < patches.length; i++) {
                in.readFully(pixel);
                patches[i] = 0xff000000 | (pixel[0] & 0xff) << 16 | (pixel[1] & 0xff) << 8 | (pixel[2] & 0xff);
            }
            return in.read() == -1 ? new CodePreview(codebookSize, patchSize, patches) : null;
        } catch (IOException e) {
            return null; // absent, truncated or malformed: the cache is rebuilt
        }
    }

    private void write(Path file, byte[] fingerprint) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream stream = Files.newOutputStream(temp);
                    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16))) {
                out.writeUTF(MAGIC);
                out.write(fingerprint);
                out.writeInt(codebookSize);
                out.writeInt(patchSize);
                for (int pixel : patches) {
                    out.write(pixel >>> 16);
                    out.write(pixel >>> 8);
                    out.write(pixel);
                }
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
