package io.sharpstep.core;

/** The arithmetic a pack's graphs were exported for. */
public enum Precision implements Choices.Keyed {
    FP32("fp32"),
    FP16("fp16");

    private final String key;

    Precision(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public static Precision lookup(String value) {
        return Choices.lookup(Precision.class, "precision", value);
    }
}
