package io.sharpstep.jobs;

import io.sharpstep.core.Timings;

import java.nio.file.Path;
import java.util.List;

/**
 * What became of one photo.
 *
 * @param input   the photo
 * @param status  done, failed or cancelled
 * @param outputs files written (result first), empty unless done
 * @param message for failures: one sentence for the user
 * @param timings where the time went
 */
public record JobResult(Path input, Status status, List<Path> outputs, String message, Timings timings) {
    /** Outcome of a job. */
    public enum Status { DONE, FAILED, CANCELLED }
}
