package com.arpgstudio.inference.checkpoint;

/** IEEE 754 half-precision and bfloat16 conversions (Java 17 has no {@code Float.float16ToFloat}). */
public final class HalfFloat {

    private HalfFloat() {}

    /** Exact widening of an IEEE half (binary16) to float, subnormals, infinities and NaN included. */
    public static float toFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f; // subnormal: mantissa * 2^-24
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** Round-to-nearest-even narrowing of a float to an IEEE half. */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7fffff;
        if (exponent == 0xff) {
            return (short) (sign | 0x7c00 | (mantissa != 0 ? 0x200 : 0));
        }
        int halfExponent = exponent - 112;
        if (halfExponent >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (halfExponent <= 0) {
            if (halfExponent < -10) {
                return (short) sign;
            }
            int full = mantissa | 0x800000;
            int shift = 14 - halfExponent;
            int rounded = roundShift(full, shift);
            return (short) (sign | rounded);
        }
        int rounded = roundShift((halfExponent << 23) | mantissa, 13);
        return (short) (sign | rounded);
    }

    /** Exact widening of a bfloat16 (the upper half of a float's bits). */
    public static float bf16ToFloat(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xffff) << 16);
    }

    private static int roundShift(int value, int shift) {
        int halfway = 1 << (shift - 1);
        int remainder = value & ((1 << shift) - 1);
        int result = value >>> shift;
        if (remainder > halfway || (remainder == halfway && (result & 1) == 1)) {
            result++;
        }
        return result;
    }
}
