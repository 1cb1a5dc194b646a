package io.sharpstep.jobs;

import io.sharpstep.core.CancelToken;
import io.sharpstep.engine.Upscaler;

import java.nio.file.Path;

/** Runs one photo through an upscaler: {@link UpscaleJob#run} in the app; tests may run it another way. */
@FunctionalInterface
public interface JobRunner {
    JobRunner STANDARD = UpscaleJob::run;

    JobOutcome run(Path input, Upscaler upscaler, JobSettings settings, JobListener listener, CancelToken cancel);
}
