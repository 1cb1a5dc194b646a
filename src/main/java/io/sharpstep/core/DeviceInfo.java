package io.sharpstep.core;

/**
 * The device a pack really runs on.
 *
 * @param used     CPU or CUDA (never AUTO)
 * @param index    CUDA device number
 * @param fallback why CUDA is not used although asked for or tried, in plain words; empty if none
 */
public record DeviceInfo(DeviceKind used, int index, String fallback) {
    public static DeviceInfo cpu(String reason) {
        return new DeviceInfo(DeviceKind.CPU, 0, reason == null ? "" : reason);
    }

    /** E.g. "CUDA 0", or "CPU (CUDA unavailable: libcudnn.so.9 not found)". */
    public String describe() {
        String name = used == DeviceKind.CUDA ? "CUDA " + index : "CPU";
        return fallback.isEmpty() ? name : name + " (" + fallback + ")";
    }
}
