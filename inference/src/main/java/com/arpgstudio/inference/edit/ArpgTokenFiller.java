package com.arpgstudio.inference.edit;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import com.arpgstudio.inference.arpg.ArpgConfig;
import com.arpgstudio.inference.arpg.ArpgModel;
import com.arpgstudio.inference.arpg.GenerationRequest;
import com.arpgstudio.inference.arpg.GenerationResult;
import com.arpgstudio.inference.arpg.GenerationRow;
import com.arpgstudio.inference.arpg.Generator;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.arpg.StepListener;
import com.arpgstudio.inference.runtime.Cancellation;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@link TokenFiller} over the ARPG {@link Generator}: the windows of one batch, with their variants, are the rows of one generation. */
public final class ArpgTokenFiller implements TokenFiller {

    private final ArpgConfig config;
    private final Generator generator;
    private final int dtypeBytes;
    private final long weightBytes;

    /**
     * @param model     the engine
     * @param codebook  the tokenizer's codebook size: only codes below it are sampled, so every
     *                  token decodes (the fixtures' tokenizer has fewer codes than the model's vocabulary)
     */
    public ArpgTokenFiller(ArpgModel model, int codebook) {
        this.config = model.config();
        this.generator = new Generator(model, codebook);
        this.dtypeBytes = model.dataType().getNumOfBytes();
        this.weightBytes = model.manager().getManagedArrays().stream()
                .mapToLong(a -> a.size() * a.getDataType().getNumOfBytes()).sum();
    }

    @Override
    public int gridColumns() {
        return config.gridSize();
    }

    @Override
    public int gridRows() {
        return config.gridSize();
    }

    @Override
    public int numClasses() {
        return config.numClasses();
    }

    @Override
    public int stepCount(int fill, SamplingSettings settings) {
        return settings.sampleSchedule().tokensPerStep(fill, settings.steps()).length;
    }

    /**
     * From CUDA's free memory on a GPU (memory libtorch's allocator keeps cached counts as used: a safe
     * side); on the CPU half the machine's memory, so a large model's batch of windows (ARPG-L's float32
     * KV cache is 50 MB a row) is sized down instead of swapping.
     */
    @Override
    public long freeDeviceBytes() {
        Device device = generator.model().manager().getDevice();
        if (!device.isGpu()) {
            return physicalMemoryBytes() / 2;
        }
        MemoryUsage usage = CudaUtils.getGpuMemory(device);
        return Math.max(0, usage.getMax() - usage.getCommitted());
    }

    private static long physicalMemoryBytes() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
    }

    @Override
    public long weightBytes() {
        return weightBytes;
    }

    /**
     * Sized after {@code arpg.Generator} and {@code ArpgModel.forward} as they allocate: the KV
     * cache of the guided batch (conditional and null-class rows), and the arrays of one step, which
     * all live until the step ends (one NDScope per step), so every block's temporaries add up.
     */
    @Override
    public FillMemory fillMemory(int rows, int known, int fill, SamplingSettings settings) {
        long passRows = settings.guidedTowards(settings.classId()) ? 2L * rows : rows; // Generator: 2B when guided
        long capacity = 1 + known + fill;                                          // class token + known + generated
        long dim = config.dim();
        long hidden = config.ffnHiddenDim();
        long heads = config.nHead();
        long blocks = config.nLayer() / 2;                                         // self blocks = cross blocks
        long b = dtypeBytes;
        long queries = fill == 0 ? 0 : Arrays.stream(settings.sampleSchedule().tokensPerStep(fill,
                settings.steps())).max()
                .orElse(0);
        long fed = Math.max(1 + known, queries);                                   // the prefill, or a step's group
        // KvCache: keys and values (B, capacity, H, head_dim) of every self block and of the context
        long kvCache = (blocks + 1) * 2 * passRows * capacity * dim * b;
        // per token of a block about 20 D-wide and 4 hidden-wide temporaries (norms, qkv, RoPE,
        // attention output, projections, SwiGLU); the scores (B, H, T, S) in the compute type, float32,
        // their softmax in float32 and back
        long selfBlock = passRows * fed * (20 * dim + 4 * hidden) * b + passRows * heads * fed * capacity * (2 * b + 8);
        long crossBlock = passRows * queries * (20 * dim + 4 * hidden) * b
                + passRows * heads * queries * capacity * (2 * b + 8);
        long context = passRows * fed * 4 * dim * b;                               // normed x, fused k/v, rotated k
        // logits (2B, n, V) in the compute type and float32, then about twelve (B, n, V) float32
        // arrays of guidance, temperature, top-k/top-p filtering and sampling
        long vocab = config.vocabSize();
        long logits = passRows * queries * vocab * (b + 4) + 12L * rows * queries * vocab * 4;
        return new FillMemory(kvCache, blocks * (selfBlock + crossBlock) + context + logits);
    }

    @Override
    public Filled fill(SamplingSettings settings, List<Row> rows, StepListener listener, Cancellation cancellation) {
        List<GenerationRow> batch = new ArrayList<>();
        for (Row row : rows) {
            batch.add(new GenerationRow(settings.classId(), row.seed(), row.knownPositions(), row.knownTokens(),
                    row.fillPositions(), null));
        }
        GenerationResult result = generator.generate(new GenerationRequest(batch, settings), listener, cancellation);
        return new Filled(result.tokens(), result.probabilities(), result.entropies());
    }
}
