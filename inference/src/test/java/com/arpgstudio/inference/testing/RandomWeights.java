package com.arpgstudio.inference.testing;

import com.arpgstudio.inference.checkpoint.DType;
import com.arpgstudio.inference.checkpoint.StateDict;
import com.arpgstudio.inference.checkpoint.StoredTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random F32 checkpoints of any key layout, for benchmarks and tests at sizes no fixture
 * has. Tensors are generated lazily when read, so a released-size model costs no disk.
 */
public final class RandomWeights {

    private RandomWeights() {}

    /**
     * A state dict with these keys and shapes. Values are normal, scaled by 1/sqrt(fan-in) for
     * matrices and convolution kernels; vectors are small, except {@code *norm*.weight} vectors
     * which scatter around 1 like trained GroupNorm/RMSNorm scales.
     */
    public static StateDict stateDict(Map<String, long[]> shapes, long seed, String label) {
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> entry : shapes.entrySet()) {
            String name = entry.getKey();
            long[] shape = entry.getValue().clone();
            long tensorSeed = seed * 31 + name.hashCode();
            tensors.put(name, new StoredTensor(name, DType.F32, shape, () -> values(name, shape, tensorSeed)));
        }
        return new StateDict(Path.of(label), tensors);
    }

    private static ByteBuffer values(String name, long[] shape, long seed) {
        int count = Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact));
        long fanIn = shape.length <= 1 ? 1 : Arrays.stream(shape).skip(1).reduce(1, Math::multiplyExact);
        double scale = shape.length <= 1 ? 0.05 : 1 / Math.sqrt(fanIn);
        double offset = shape.length == 1 && name.contains("norm") && name.endsWith(".weight") ? 1 : 0;
        Random random = new Random(seed);
        ByteBuffer buffer = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            buffer.putFloat((float) (offset + random.nextGaussian() * scale));
        }
        return buffer.flip();
    }
}
