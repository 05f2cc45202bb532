package com.arpgstudio.inference.arpg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** RMSNorm and the SwiGLU feed-forward shared by both kinds of decoder block. */
final class Norms {

    private Norms() {}

    /**
     * RMSNorm in float32 whatever the activation type, without its gain (which {@link ArpgWeights}
     * folds into the next linear layer). Official:
     * {@code output = (x.float() * torch.rsqrt(torch.mean(x * x, dim=-1, keepdim=True) + eps)).type_as(x); output * weight}
     */
    static NDArray rmsNorm(NDArray x, double eps) {
        DataType type = x.getDataType();
        NDArray xf = x.toType(DataType.FLOAT32, false);
        NDArray inverseRms = xf.square().mean(new int[] {xf.getShape().dimension() - 1}, true).addi(eps).powi(-0.5); // pow(-0.5) runs as rsqrt
        return xf.mul(inverseRms).toType(type, false);
    }

    /**
     * SwiGLU with w1 and w3 fused into one (2 * hidden, D) matmul. Official:
     * {@code self.w2(F.silu(self.w1(x)) * self.w3(x))}
     */
    static NDArray feedForward(NDArray x, NDArray w13, NDArray w2) {
        NDArray gateAndUp = linear(x, w13);                        // (B, T, 2 * hidden)
        long hidden = gateAndUp.getShape().getLastDimension() / 2;
        NDArray gate = gateAndUp.get("..., 0:{}", hidden);         // (B, T, hidden)
        NDArray up = gateAndUp.get("..., {}:", hidden);            // (B, T, hidden)
        NDArray silu = gate.getNDArrayInternal().sigmoid().muli(gate);
        return linear(silu.muli(up), w2);                           // (B, T, D)
    }

    /** {@code F.linear(x, weight)} without bias, for a weight held as its (in, out) transpose. */
    static NDArray linear(NDArray x, NDArray transposedWeight) {
        return x.matMul(transposedWeight);
    }
}
