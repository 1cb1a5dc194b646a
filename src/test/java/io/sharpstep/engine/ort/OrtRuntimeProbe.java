package io.sharpstep.engine.ort;

import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.DeviceSpec;

/** Test access to {@link OrtRuntime}'s package-private parts. */
public final class OrtRuntimeProbe {
    private OrtRuntimeProbe() {
    }

    public static boolean cudaUsable() {
        return OrtRuntime.cudaProblem(0) == null;
    }

    public static DeviceInfo resolve(DeviceSpec spec) {
        return OrtRuntime.resolve(spec);
    }

    public static String explain(String message) {
        return OrtRuntime.explain(new RuntimeException(message));
    }
}
