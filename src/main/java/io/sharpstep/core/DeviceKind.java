package io.sharpstep.core;

/** Where the graphs run. */
public enum DeviceKind implements Choices.Keyed {
    /** CUDA if it can be used, else the CPU (with the reason). */
    AUTO,
    CUDA,
    CPU;

    public static DeviceKind lookup(String value) {
        return Choices.lookup(DeviceKind.class, "device", value);
    }
}
