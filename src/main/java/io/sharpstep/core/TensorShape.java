package io.sharpstep.core;

/** How tensor shapes read in messages: {@code [1,4,?,?]}, a dynamic dimension shown as {@code ?}. */
public final class TensorShape {
    private TensorShape() {
    }

    public static String format(long[] dims) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            b.append(i == 0 ? "" : ",").append(dims[i] < 0 ? "?" : String.valueOf(dims[i]));
        }
        return b.append(']').toString();
    }
}
