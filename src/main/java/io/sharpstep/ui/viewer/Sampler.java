package io.sharpstep.ui.viewer;

/** Reads one frame's pixels of a {@link Layer}, prepared for the region in view. */
@FunctionalInterface
public interface Sampler {
    Sampler NOTHING = (x, y) -> Argb.UNKNOWN;

    /** ARGB at output point (x, y), or {@link Argb#UNKNOWN}. */
    int argb(double x, double y);
}
