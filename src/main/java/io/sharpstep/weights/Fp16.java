package io.sharpstep.weights;

/**
 * IEEE 754 half precision and bfloat16 conversions, bit-exact with numpy's {@code astype}: float to half rounds
 * to nearest, ties to even; overflow gives infinity; a NaN keeps its top mantissa bits.
 */
public final class Fp16 {
    private Fp16() {
    }

    /** The float value of half-precision bits (exact). */
    public static float toFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            float v = mant * 0x1p-24f; // subnormal: exact in float
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** Half-precision bits of {@code f}, rounded to nearest even. */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7FFFFFFF;
        if (abs > 0x7F800000) { // NaN: the top mantissa bits, never zero (as numpy)
            int m = (abs & 0x7FFFFF) >>> 13;
            return (short) (sign | 0x7C00 | (m == 0 ? 1 : m));
        }
        if (abs >= 0x477FF000) { // >= 65520: rounds to infinity
            return (short) (sign | 0x7C00);
        }
        if (abs < 0x38800000) { // below the smallest normal half (2^-14): subnormal or zero
            // value / 2^-24 rounded to nearest even; exact in double, then rint is ties-to-even
            double scaled = Float.intBitsToFloat(abs) * 0x1p24;
            return (short) (sign | (int) Math.rint(scaled));
        }
        int exp = (abs >>> 23) - 112;
        int mant = abs & 0x7FFFFF;
        int half = (exp << 10) | (mant >>> 13);
        int rest = mant & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) {
            half++; // may carry into the exponent: still correct
        }
        return (short) (sign | half);
    }

    /** The float value of bfloat16 bits (exact). */
    public static float bf16ToFloat(short b) {
        return Float.intBitsToFloat((b & 0xFFFF) << 16);
    }
}
