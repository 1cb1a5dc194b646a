package io.sharpstep.engine.ort;

import io.sharpstep.core.Failures;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13, item 8: ONNX Runtime's raw texts (as it really writes them) become one clean clause. */
class OrtMessagesTest {
    @Test
    void statusPrefixesSourceLocationsAndCppSignaturesGo() {
        assertEquals("Load model from /p/model.onnx failed: ModelProto does not have a graph",
                OrtRuntime.clean("Error code - ORT_FAIL - message: Load model from /p/model.onnx failed:/onnxruntime_src"
                        + "/onnxruntime/core/graph/model.cc:177 onnxruntime::Model::Model(onnx::ModelProto&&, const"
                        + " onnxruntime::PathString&, const onnxruntime::IOnnxRuntimeOpSchemaRegistryList*, const"
                        + " onnxruntime::logging::Logger&, const onnxruntime::ModelOptions&) ModelProto does not have"
                        + " a graph."));
        assertEquals("Load model from /p/model.onnx failed: Protobuf parsing failed",
                OrtRuntime.clean("Error code - ORT_INVALID_PROTOBUF - message: Load model from /p/model.onnx"
                        + " failed:Protobuf parsing failed.."));
    }

    @Test
    void colourCodesAndSeveralLinesBecomeOneLine() {
        String raw = "\u001b[1;31m2026-12-01 07:08:18.1 [E:onnxruntime:, sequential_executor.cc:516 ExecuteKernel]"
                + " Non-zero status code returned while running Conv node. Name:'/conv/Conv' Status Message:"
                + " /onnxruntime_src/onnxruntime/core/framework/op_kernel.cc:83 virtual OrtValue*"
                + " onnxruntime::OpKernelContext::OutputMT(int, const onnxruntime::TensorShape&) status.IsOK() was"
                + " false. Shape mismatch attempting to re-use buffer.\n{1,3,516,516} != {1,3,512,512}..\u001b[m";
        String clean = OrtRuntime.clean(raw);
        System.out.println(clean);
        assertFalse(clean.contains("\u001b") || clean.contains("::") || clean.contains(".cc:")
                || clean.contains("..") || clean.contains("\n"), clean);
        assertTrue(clean.contains("Shape mismatch attempting to re-use buffer"), clean);
        assertFalse(clean.endsWith("."), clean);
    }

    @Test
    void javaClassNamesLeaveForeignText() {
        assertEquals("End of input at line 1 column 2 path $",
                Failures.plain("java.io.EOFException: End of input at line 1 column 2 path $"));
        assertEquals("no reason given", Failures.plain("  ...  "));
        assertEquals("no reason given", Failures.plain(null));
    }
}
