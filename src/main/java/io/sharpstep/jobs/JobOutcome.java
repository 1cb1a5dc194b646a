package io.sharpstep.jobs;

import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.Timings;
import io.sharpstep.raster.ResultRaster;

import java.nio.file.Path;
import java.util.List;

/**
 * What became of one photo. Close it to release the result's pixels (or hand them on with
 * {@link ResultRaster#retain()} first).
 *
 * @param input   the photo
 * @param status  done, failed or cancelled
 * @param source  what was learned about the input, or null if it could not be read
 * @param result  the result's pixels exactly as written, or null unless done
 * @param written files written, result first; a job that failed after writing some says so here
 * @param failure why it failed or stopped, or null when done
 * @param timings where the time went
 */
public record JobOutcome(Path input, Status status, SourceFacts source, ResultRaster result, List<Path> written,
                         SharpStepException failure, Timings timings) implements AutoCloseable {
    /** How a job ended. */
    public enum Status { DONE, FAILED, CANCELLED }

    public JobOutcome {
        written = List.copyOf(written);
    }

    /** The sentence for the user: empty when done. */
    public String message() {
        return failure == null ? "" : failure.getMessage();
    }

    @Override
    public void close() {
        if (result != null) {
            result.close();
        }
    }
}
