package com.arpgstudio.inference.vq;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.arpgstudio.inference.checkpoint.StateDict;
import com.arpgstudio.inference.runtime.DjlRuntime;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * LlamaGen's VQ tokenizer: images to code grids ({@code VQModel.encode}) and code grids to images
 * ({@code VQModel.decode_code}).
 *
 * <p>Two levels of API: tensors ({@link #encode(NDArray)}, {@link #decode(NDArray)}, batched, the
 * results attached to the input's manager) and pixels ({@link #encode(int[], int, int)},
 * {@link #decodeArgb(TokenGrid)} and their batched forms). Temporaries of each call live in a
 * sub-manager closed before it returns, so native memory stays flat. The weights are read-only, so
 * calls may come from several threads. Close the tokenizer to free its weights.
 */
public final class Tokenizer implements AutoCloseable {

    private final NDManager manager;
    private final VqWeights weights;
    private final DataType dtype;
    private final Encoder encoder;
    private final Quantizer quantizer;
    private final Decoder decoder;

    private Tokenizer(NDManager manager, VqWeights weights, DataType dtype) {
        this.manager = manager;
        this.weights = weights;
        this.dtype = dtype;
        UnitAffine unit = new UnitAffine(manager);
        this.encoder = new Encoder(weights, unit, manager);
        this.quantizer = new Quantizer(weights);
        this.decoder = new Decoder(weights, unit, manager);
    }

    /**
     * Loads a checkpoint on the CPU in FLOAT32; the configuration comes from a {@code config.json}
     * beside it or else from the weights ({@link VqConfig#resolve}).
     */
    public static Tokenizer load(Path checkpoint) throws IOException {
        return load(checkpoint, Device.cpu());
    }

    /** Loads a checkpoint on a device in FLOAT32, configured like {@link #load(Path)}. */
    public static Tokenizer load(Path checkpoint, Device device) throws IOException {
        StateDict dict = StateDict.open(checkpoint);
        return load(dict, VqConfig.resolve(dict, checkpoint), device, DataType.FLOAT32);
    }

    /**
     * Loads the weights of {@code config} from {@code dict} on a device, computing in {@code dtype}
     * (FLOAT32; FLOAT16 only on a GPU). The quantizer always works in FLOAT32.
     */
    public static Tokenizer load(StateDict dict, VqConfig config, Device device, DataType dtype) throws IOException {
        if (dtype != DataType.FLOAT32 && !(dtype == DataType.FLOAT16 && device.isGpu())) {
            throw new IllegalArgumentException("expected FLOAT32, or FLOAT16 on a GPU, found " + dtype + " on " + device);
        }
        NDManager manager = DjlRuntime.newManager(device);
        try (NDScope loading = new NDScope()) {
            Tokenizer tokenizer = new Tokenizer(manager, VqWeights.load(dict, config, manager, dtype), dtype);
            // weights and derived tables live as long as the tokenizer, not as a caller's NDScope
            NDScope.unregister(manager.getManagedArrays().toArray(NDArray[]::new));
            return tokenizer;
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public VqConfig config() {
        return weights.config();
    }

    public VqWeights weights() {
        return weights;
    }

    public Device device() {
        return manager.getDevice();
    }

    public DataType dataType() {
        return dtype;
    }

    /** Pixels per token along each side (16 for VQ-16). */
    public int downsampleFactor() {
        return config().downsampleFactor();
    }

    public int codebookSize() {
        return config().codebookSize();
    }

    // ---- tensors ----

    /**
     * Images (B, 3, H, W) in [-1, 1], H and W multiples of the downsampling factor, to codes
     * (B, H/f, W/f) INT64, attached to the images' manager and device.
     */
    public NDArray encode(NDArray images) {
        checkImages(images.getShape());
        return inScope(images, x -> quantizer.nearest(encoder.forward(x)));
    }

    /** Codes (B, h, w) to their codebook vectors (B, D, h, w) FLOAT32 (the {@code quant} the decoder reads). */
    public NDArray codebookVectors(NDArray codes) {
        checkCodes(codes.getShape());
        return inScope(codes, quantizer::lookup);
    }

    /** Codes (B, h, w) to images (B, 3, h*f, w*f) FLOAT32, roughly in [-1, 1]. */
    public NDArray decode(NDArray codes) {
        checkCodes(codes.getShape());
        return inScope(codes, c -> decoder.forward(quantizer.lookup(c).toType(dtype, false)));
    }

    // ---- pixels ----

    /** The code grid of an image's RGB (alpha ignored); sides must be multiples of the downsampling factor. */
    public TokenGrid encode(BufferedImage image) {
        return encode(ImageTensors.argb(image), image.getWidth(), image.getHeight());
    }

    /** The code grid of ARGB pixels (row-major, alpha ignored). */
    public TokenGrid encode(int[] argb, int width, int height) {
        return encodeAll(List.of(argb), width, height).get(0);
    }

    /** The code grids of several same-sized ARGB images, encoded as one batch. */
    public List<TokenGrid> encodeAll(List<int[]> images, int width, int height) {
        ImageTensors.requireDivisible(width, height, downsampleFactor());
        if (images.isEmpty()) {
            return List.of();
        }
        int h = height / downsampleFactor();
        int w = width / downsampleFactor();
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = pixelsOnDevice() ? ImageTensors.fromArgbPixels(scope, images, width, height)
                    : scope.create(chw(images, width, height), new Shape(images.size(), 3, height, width));
            long[] codes = quantizer.nearest(encoder.forward(x.toType(dtype, false))).toLongArray();
            List<TokenGrid> grids = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                int[] grid = new int[h * w];
                for (int j = 0; j < grid.length; j++) {
                    grid[j] = (int) codes[i * grid.length + j];
                }
                grids.add(new TokenGrid(grid, h, w));
            }
            return grids;
        }
    }

    /** Decoded opaque ARGB pixels of a grid: (height * f) rows of (width * f). */
    public int[] decodeArgb(TokenGrid grid) {
        return decodeArgbAll(List.of(grid)).get(0);
    }

    /** {@link #decodeArgb(TokenGrid)} as a {@code TYPE_INT_ARGB} image. */
    public BufferedImage decodeImage(TokenGrid grid) {
        int f = downsampleFactor();
        return ImageTensors.toImage(decodeArgb(grid), grid.width() * f, grid.height() * f);
    }

    /** Decoded opaque ARGB pixels of several same-sized grids, decoded as one batch. */
    public List<int[]> decodeArgbAll(List<TokenGrid> grids) {
        if (grids.isEmpty()) {
            return List.of();
        }
        int h = grids.get(0).height();
        int w = grids.get(0).width();
        long[] codes = new long[grids.size() * h * w];
        for (int i = 0; i < grids.size(); i++) {
            TokenGrid grid = grids.get(i);
            if (grid.height() != h || grid.width() != w) {
                throw new IllegalArgumentException("expected grids of one size " + h + "x" + w + ", found "
                        + grid.height() + "x" + grid.width() + " at index " + i);
            }
            int[] values = grid.codes();
            for (int j = 0; j < values.length; j++) {
                codes[i * h * w + j] = values[j];
            }
        }
        int f = downsampleFactor();
        int plane = 3 * h * f * w * f;
        try (NDManager scope = manager.newSubManager()) {
            NDArray codeArray = scope.create(codes, new Shape(grids.size(), h, w));
            NDArray decoded = decoder.forward(quantizer.lookup(codeArray).toType(dtype, false));  // (B, 3, H, W)
            List<int[]> images = new ArrayList<>();
            if (pixelsOnDevice()) {
                int[] argb = ImageTensors.toArgbPixels(decoded).toIntArray();                  // (B, H, W)
                int area = plane / 3;
                for (int i = 0; i < grids.size(); i++) {
                    images.add(Arrays.copyOfRange(argb, i * area, (i + 1) * area));
                }
                return images;
            }
            float[] pixels = decoded.toType(DataType.FLOAT32, false).toFloatArray();
            for (int i = 0; i < grids.size(); i++) {
                images.add(ImageTensors.toArgb(pixels, i * plane, w * f, h * f, null));
            }
            return images;
        }
    }

    /**
     * Whether pixels become model values and back on the device: on a GPU a third of the bytes
     * then cross to and from it, and the host converts nothing; on the CPU nothing crosses, and
     * the host's loops do the conversion.
     */
    private boolean pixelsOnDevice() {
        return manager.getDevice().isGpu();
    }

    private static float[] chw(List<int[]> images, int width, int height) {
        int plane = 3 * width * height;
        float[] batch = new float[images.size() * plane];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(ImageTensors.toChw(images.get(i), width, height), 0, batch, i * plane, plane);
        }
        return batch;
    }

    @Override
    public void close() {
        encoder.close();
        decoder.close();
        manager.close();
    }

    /**
     * Runs {@code step} with the input temporarily in a fresh sub-manager on this tokenizer's
     * device, so every temporary is freed on return; the result moves to the input's manager.
     */
    private NDArray inScope(NDArray input, UnaryOperator<NDArray> step) {
        NDManager caller = input.getManager();
        Device callerDevice = input.getDevice();
        try (NDManager scope = manager.newSubManager()) {
            input.tempAttach(scope);
            NDArray x = input.toDevice(manager.getDevice(), false);
            if (x.getDataType().isFloating()) {
                x = x.toType(dtype, false);
            }
            NDArray result = step.apply(x);
            if (result.getDataType() == DataType.FLOAT16) {
                result = result.toType(DataType.FLOAT32, false);
            }
            result = result.toDevice(callerDevice, false);
            result.attach(caller);
            return result;
        }
    }

    private void checkImages(Shape shape) {
        if (shape.dimension() != 4 || shape.get(1) != 3) {
            throw new IllegalArgumentException("expected images (B, 3, H, W), found " + shape);
        }
        if (shape.get(0) <= 0) {
            throw new IllegalArgumentException("expected at least one image, found " + shape);
        }
        ImageTensors.requireDivisible((int) shape.get(3), (int) shape.get(2), downsampleFactor());
    }

    private static void checkCodes(Shape shape) {
        if (shape.dimension() != 3 || shape.size() == 0) {
            throw new IllegalArgumentException("expected codes (B, h, w), found " + shape);
        }
    }
}
