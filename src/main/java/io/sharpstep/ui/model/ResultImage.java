package io.sharpstep.ui.model;

import io.sharpstep.core.FloatImage;
import io.sharpstep.ui.viewer.Raster;

import java.nio.file.Path;

/**
 * One enlargement of a photo by one pack.
 *
 * @param packId  the pack that made it
 * @param display what the viewer shows (pixels not computed yet have alpha 0)
 * @param file    the file the job wrote, or null (region previews, failed or running jobs)
 * @param region  full-precision pixels of a region preview, or null
 * @param complete whether the whole photo is done (false for live and region previews)
 */
public record ResultImage(String packId, Raster display, Path file, FloatImage region, boolean complete) {
}
