package io.sharpstep.jobs;

import io.sharpstep.core.FloatImage;
import io.sharpstep.core.Progress;
import io.sharpstep.core.Rect;
import io.sharpstep.image.LoadedImage;

import java.nio.file.Path;

/** What a running job reports, in order: decoded, progress and finished tiles, each file written. */
public sealed interface JobEvent {
    /** The photo is read; {@code image} stays readable for as long as its holder keeps it. */
    record Decoded(SourceFacts facts, LoadedImage image) implements JobEvent {
    }

    /** How far the job is. */
    record Progressed(Progress progress) implements JobEvent {
    }

    /**
     * A model tile is finished: where it goes in the result (output pixels; may reach past the edges: clip) and
     * its pixels before blending and colour fix. Valid during the call only: copy what you keep.
     */
    record TileDone(Rect region, FloatImage pixels) implements JobEvent {
    }

    /** A file was written (the result, then any comparison files). */
    record Written(Path file) implements JobEvent {
    }
}
