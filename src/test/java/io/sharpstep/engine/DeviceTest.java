package io.sharpstep.engine;

import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.DeviceKind;
import io.sharpstep.core.DeviceSpec;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.engine.ort.OrtRuntimeProbe;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceTest {
    @Test
    void parsesDeviceSpecs() {
        assertEquals(DeviceSpec.AUTO, DeviceSpec.parse("auto"));
        assertEquals(DeviceSpec.CPU, DeviceSpec.parse(" CPU "));
        assertEquals(new DeviceSpec(DeviceKind.CUDA, 0), DeviceSpec.parse("cuda"));
        assertEquals(new DeviceSpec(DeviceKind.CUDA, 2), DeviceSpec.parse("cuda:2"));
        assertEquals("cuda:2", DeviceSpec.parse("cuda:2").toString());
        assertThrows(SharpStepException.class, () -> DeviceSpec.parse("cpu:1"));
        assertThrows(SharpStepException.class, () -> DeviceSpec.parse("cuda:x"));
        assertThrows(SharpStepException.class, () -> DeviceSpec.parse("tpu"));
    }

    @Test
    void autoFallsBackToCpuWithAReasonWhereCudaIsMissing() {
        if (OrtRuntimeProbe.cudaUsable()) {
            return; // a machine with working CUDA: nothing to fall back from (checked on the GPU machine instead)
        }
        DeviceInfo d = OrtRuntimeProbe.resolve(DeviceSpec.AUTO);
        assertEquals(DeviceKind.CPU, d.used());
        assertTrue(d.fallback().startsWith("CUDA unavailable: ") && d.fallback().endsWith(" — running on CPU"),
                d.fallback());
        System.out.println("auto device: " + d.describe());
        SharpStepException e = assertThrows(SharpStepException.class,
                () -> OrtRuntimeProbe.resolve(new DeviceSpec(DeviceKind.CUDA, 0)));
        assertTrue(e.getMessage().startsWith("CUDA unavailable: "), e.getMessage());
    }

    @Test
    void explainsProviderLoadingFailuresInPlainWords() {
        assertEquals("libcudnn.so.9 not found", OrtRuntimeProbe.explain(
                "Failed to load library libonnxruntime_providers_cuda.so with error: libcudnn.so.9: cannot open "
                        + "shared object file: No such file or directory"));
        assertEquals("libcublasLt.so.12 not found", OrtRuntimeProbe.explain(
                "/tmp/x/libonnxruntime_providers_cuda.so: libcublasLt.so.12: cannot open shared object file"));
        assertEquals("no NVIDIA GPU found", OrtRuntimeProbe.explain(
                "CUDA failure 100: no CUDA-capable device is detected ; GPU=0"));
    }
}
