package io.sharpstep.engine.ort;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import io.sharpstep.core.BigStack;
import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.DeviceKind;
import io.sharpstep.core.DeviceSpec;
import io.sharpstep.core.SharpStepException;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The process's one ONNX Runtime environment and the way sessions are made: which execution provider, with
 * which options, and the plain-words reason when CUDA cannot be used.
 *
 * <p>CUDA provider options, chosen deliberately:
 * <ul>
 *   <li>{@code arena_extend_strategy=kSameAsRequested}: the default doubles the arena on each growth, which on
 *       big tiles reserves gigabytes the job never uses; growing by what is asked keeps peak GPU memory near
 *       the real need, so larger tiles fit.</li>
 *   <li>{@code cudnn_conv_algo_search=EXHAUSTIVE}: tiles repeat the same shapes, so the one-off search per
 *       shape pays back on the second tile.</li>
 *   <li>{@code cudnn_conv_use_max_workspace=1}: lets cuDNN pick its fastest (workspace-hungry) algorithms.</li>
 *   <li>{@code do_copy_in_default_stream=1}: host/device copies stay ordered with compute on one stream; no
 *       extra synchronisation is needed between a tile's upload and its run.</li>
 * </ul>
 */
public final class OrtRuntime {
    /** The library named right before the loader's complaint (Linux), or a DLL that could not be found. */
    private static final Pattern MISSING_LIB = Pattern.compile(
            "([\\w.+-]+\\.so[.\\d]*): cannot open shared object file"
            + "|([\\w.+-]+\\.dll)[^\\n]*?(?:not found|could not be found|error 126)", Pattern.CASE_INSENSITIVE);

    /** The sentence for a native library that could not be loaded, once that has happened. */
    private static volatile SharpStepException nativeFailure;

    private OrtRuntime() {
    }

    /**
     * Makes sure ONNX Runtime's native library is loaded. It is unpacked from the jar into a new folder under
     * {@code java.io.tmpdir} (or taken from {@code onnxruntime.native.path}); when that fails (folder missing,
     * full, not writable, a file-size limit) Java reports a linkage error with a long trace. Here it becomes
     * one sentence naming the folder, the same every time it is asked for again.
     */
    static void requireNative() {
        SharpStepException failed = nativeFailure;
        if (failed != null) {
            throw failed;
        }
        try {
            OrtEnvironment.getAvailableProviders();
        } catch (LinkageError | RuntimeException e) {
            nativeFailure = nativeFailure(e);
            throw nativeFailure;
        }
    }

    private static SharpStepException nativeFailure(Throwable e) {
        String path = System.getProperty("onnxruntime.native.path");
        if (path != null && !path.isBlank()) {
            return new SharpStepException(SharpStepException.Kind.DEVICE, "ONNX Runtime cannot start: its native"
                    + " library cannot be loaded from " + path + " (set by onnxruntime.native.path).", e);
        }
        String folder = System.getProperty("java.io.tmpdir");
        return new SharpStepException(SharpStepException.Kind.DEVICE, "ONNX Runtime cannot start: its native"
                + " library could not be unpacked into " + folder + " (" + unpackReason(e, folder) + "); make room"
                + " there or start SharpStep with -Djava.io.tmpdir set to another folder.", e);
    }

    private static String unpackReason(Throwable e, String folder) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.nio.file.NoSuchFileException) {
                return "the folder does not exist";
            }
            if (c instanceof java.nio.file.AccessDeniedException) {
                return "no permission to write there";
            }
            if (String.valueOf(c.getMessage()).contains("File too large")) {
                return "a file-size limit stopped it";
            }
        }
        if (io.sharpstep.core.Failures.isDiskFull(e)) {
            return "the disk is full";
        }
        if (folder != null && !java.nio.file.Files.isDirectory(java.nio.file.Path.of(folder))) {
            return "the folder does not exist";
        }
        return "the folder may be full or not writable, or a file-size limit applies";
    }

    /**
     * The shared environment (ONNX Runtime allows one per process; it lives as long as the process). It logs
     * errors only: ONNX Runtime's warnings (e.g. which nodes it placed on the CPU) mean nothing to a
     * photographer and would bury the progress display.
     */
    public static OrtEnvironment env() {
        requireNative();
        OrtEnvironment e = environment;
        return e != null ? e : createEnvironment();
    }

    private static volatile OrtEnvironment environment;

    /**
     * Creates the environment on a thread with a large stack: ONNX Runtime's initialisation recurses deeply
     * (about 12,000 native frames were seen), which overflowed a default 1 MB thread stack in a child JVM with a
     * small heap and killed the process without a word.
     */
    private static synchronized OrtEnvironment createEnvironment() {
        if (environment == null) {
            environment = BigStack.call("onnxruntime-init",
                    () -> OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "sharpstep"));
        }
        return environment;
    }

    /** Whether this build's native library includes the CUDA provider at all. */
    public static boolean hasCudaProvider() {
        requireNative();
        EnumSet<OrtProvider> providers = OrtEnvironment.getAvailableProviders();
        return providers.contains(OrtProvider.CUDA);
    }

    /**
     * Settles the device for a pack: CPU as asked, CUDA as asked (an error if impossible), or for AUTO CUDA
     * when it can be initialised, else CPU with the reason.
     */
    public static DeviceInfo resolve(DeviceSpec spec) {
        requireNative();
        if (spec.kind() == DeviceKind.CPU) {
            return DeviceInfo.cpu("");
        }
        String reason = cudaProblem(spec.index());
        if (reason == null) {
            return new DeviceInfo(DeviceKind.CUDA, spec.index(), "");
        }
        if (spec.kind() == DeviceKind.CUDA) {
            throw new SharpStepException(SharpStepException.Kind.DEVICE, reason + ".");
        }
        return DeviceInfo.cpu(reason + " — running on CPU");
    }

    /** Devices probed at most (CUDA numbers them from 0 without gaps). */
    private static final int MAX_CUDA_DEVICES = 16;

    /**
     * The CUDA device numbers this runtime can use: none without the CUDA provider, else 0, 1, … up to the
     * first number the provider refuses. Takes a moment (the provider loads); call it off any UI thread.
     */
    public static java.util.List<Integer> cudaDevices() {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        if (!hasCudaProvider()) {
            return out;
        }
        int limit = Math.min(MAX_CUDA_DEVICES, visibleGpus());
        for (int i = 0; i < limit && cudaProblem(i) == null; i++) {
            out.add(i);
        }
        return out;
    }

    /**
     * How many GPUs CUDA may see, where the system says so (the NVIDIA driver's /proc entries on Linux, cut by
     * CUDA_VISIBLE_DEVICES); elsewhere the probe alone decides.
     */
    static int visibleGpus() {
        int n = MAX_CUDA_DEVICES;
        java.nio.file.Path proc = java.nio.file.Paths.get("/proc/driver/nvidia/gpus");
        if (java.nio.file.Files.isDirectory(proc)) {
            try (java.util.stream.Stream<java.nio.file.Path> gpus = java.nio.file.Files.list(proc)) {
                n = (int) gpus.count();
            } catch (java.io.IOException | RuntimeException e) {
                // Not readable: probe.
            }
        }
        String env = System.getenv("CUDA_VISIBLE_DEVICES");
        if (env != null) {
            int listed = 0;
            for (String id : env.split(",")) {
                if (id.isBlank() || id.strip().startsWith("-")) {
                    break; // CUDA stops at the first invalid entry
                }
                listed++;
            }
            n = Math.min(n, listed);
        }
        return n;
    }

    /** Null if CUDA device {@code index} can be used, else why not in plain words. */
    static String cudaProblem(int index) {
        if (!hasCudaProvider()) {
            return "CUDA unavailable: this SharpStep package has no CUDA support (install the CUDA variant)";
        }
        env(); // the provider logs through the environment's logger: it must exist first
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions();
             OrtCUDAProviderOptions cuda = cudaOptions(index)) {
            so.addCUDA(cuda);
            return null;
        } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
            return "CUDA unavailable: " + explain(e);
        }
    }

    /** Turns a provider loading failure into a short reason, e.g. "libcudnn.so.9 not found". */
    static String explain(Throwable e) {
        String msg = String.valueOf(e.getMessage());
        Matcher m = MISSING_LIB.matcher(msg);
        if (m.find()) {
            return (m.group(1) != null ? m.group(1) : m.group(2)) + " not found";
        }
        if (msg.contains("no CUDA-capable device") || msg.contains("CUDA failure 100")) {
            return "no NVIDIA GPU found";
        }
        if (msg.contains("invalid device ordinal") || msg.contains("CUDA failure 101")) {
            return "no such CUDA device";
        }
        if (msg.contains("driver version is insufficient") || msg.contains("CUDA failure 35")) {
            return "the NVIDIA driver is too old for CUDA 12";
        }
        String first = clean(msg);
        return first.length() > 160 ? first.substring(0, 160) + "…" : first;
    }

    static OrtCUDAProviderOptions cudaOptions(int index) throws OrtException {
        OrtCUDAProviderOptions o = new OrtCUDAProviderOptions(index);
        o.add("arena_extend_strategy", "kSameAsRequested");
        o.add("cudnn_conv_algo_search", "EXHAUSTIVE");
        o.add("cudnn_conv_use_max_workspace", "1");
        o.add("do_copy_in_default_stream", "1");
        return o;
    }

    /**
     * A session with the options it was made with. ONNX Runtime requires session options (and the CUDA
     * provider options added to them) to outlive the sessions that use them, so they are closed together,
     * session first.
     */
    static final class Opened implements AutoCloseable {
        private final OrtSession session;
        private final OrtSession.SessionOptions options;
        private final OrtCUDAProviderOptions cuda;
        private boolean closed;

        Opened(OrtSession session, OrtSession.SessionOptions options, OrtCUDAProviderOptions cuda) {
            this.session = session;
            this.options = options;
            this.cuda = cuda;
        }

        OrtSession session() {
            return session;
        }

        /** Whether the session options are still open (they are until the session is closed). */
        boolean optionsOpen() {
            return !closed;
        }

        @Override
        public void close() throws OrtException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                session.close();
            } finally {
                options.close();
                if (cuda != null) {
                    cuda.close();
                }
            }
        }
    }

    /** Opens one graph on the resolved device; the caller closes what it gets (session and options). */
    static Opened open(Path model, DeviceInfo device) {
        requireNative();
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        OrtCUDAProviderOptions cuda = null;
        try {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            if (device.used() == DeviceKind.CUDA) {
                cuda = cudaOptions(device.index());
                so.addCUDA(cuda);
            } else {
                so.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
            }
            // Optimising a large graph recurses deeply inside ONNX Runtime: on a thread of its own with room.
            OrtSession session = BigStack.call("onnxruntime-session", () -> env().createSession(model.toString(), so));
            return new Opened(session, so, cuda);
        } catch (OrtException | RuntimeException e) {
            so.close();
            if (cuda != null) {
                cuda.close();
            }
            if (e instanceof SharpStepException s) {
                throw s;
            }
            // On CUDA a graph that does not load may be the device's fault (memory, provider): AUTO retries on the CPU.
            SharpStepException.Kind kind = device.used() == DeviceKind.CUDA ? SharpStepException.Kind.DEVICE
                    : SharpStepException.Kind.PACK;
            throw new SharpStepException(kind, "Cannot load " + model.getFileName() + ": " + clean(e.getMessage())
                    + ".", e);
        }
    }

    private static final Pattern ANSI_CODES = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]");

    /** ONNX Runtime's status prefixes, e.g. "Error code - ORT_FAIL - message: " or "[ONNXRuntimeError] : 2 : FAIL : ". */
    private static final Pattern ORT_PREFIX = Pattern.compile(
            "Error code - ORT_\\w+ - message:?\\s*|\\[ONNXRuntimeError\\]\\s*:\\s*\\d+\\s*:\\s*\\w+\\s*:\\s*"
            + "|\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)? \\[[^\\]]*\\]\\s*");

    /**
     * ONNX Runtime's text as a clause to end a sentence with: status prefixes, source locations, C++
     * signatures and colour codes removed, on one line, without a final full stop.
     */
    static String clean(String ortMessage) {
        String m = ORT_PREFIX.matcher(ANSI_CODES.matcher(String.valueOf(ortMessage)).replaceAll("")).replaceAll("");
        m = io.sharpstep.core.Failures.plain(m).replaceAll("failed:(?=\\S)", "failed: ");
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }
}
