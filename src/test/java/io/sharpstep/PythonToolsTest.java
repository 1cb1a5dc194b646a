package io.sharpstep;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the export tool's Python unit tests (LoRA merge math on tiny tensors, the GroupNorm-statistics graph edit
 * on small VAEs) with Debian's python3 and its
 * python3-torch. In CI (CI=true) a missing torch is a failure, elsewhere the test is skipped with the reason.
 */
class PythonToolsTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @Test
    void loraMergeUnitTestsPass() throws IOException, InterruptedException {
        boolean ci = "true".equals(System.getenv("CI"));
        boolean torch = Files.isExecutable(PYTHON) && run(PYTHON.toString(), "-c", "import torch, numpy, onnx").exit == 0;
        if (!ci) {
            Assumptions.assumeTrue(torch, "Debian python3-torch or python3-onnx is not installed (scripts/install-deps.sh)");
        }
        assertTrue(torch, "CI needs Debian's python3-torch, python3-numpy and python3-onnx (scripts/install-deps.sh)");
        Result r = run(PYTHON.toString(), "-m", "unittest", "discover", "-s", "models/export/tests", "-v");
        System.out.println(r.output);
        assertEquals(0, r.exit, r.output);
        assertTrue(r.output.contains("\nOK"), r.output);
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
