package io.sharpstep.ui.viewer;

/**
 * An image the viewer draws, in output pixels. Each frame asks for a {@link Sampler} of the region in view at
 * the frame's zoom, so a layer can fetch just the tiles (and the level of detail) that frame needs.
 */
public interface Layer {
    int width();

    int height();

    /**
     * A sampler for output region [x0, x1) × [y0, y1), seen at {@code step} output pixels per screen pixel.
     * Called on the painter thread.
     */
    Sampler sampler(double step, double x0, double y0, double x1, double y1);

    /** {@code top}, and where it has nothing yet, {@code under} at half brightness. */
    static Layer over(Layer top, Layer under) {
        if (under == null) {
            return top;
        }
        return new Layer() {
            @Override
            public int width() {
                return top.width();
            }

            @Override
            public int height() {
                return top.height();
            }

            @Override
            public Sampler sampler(double step, double x0, double y0, double x1, double y1) {
                Sampler t = top.sampler(step, x0, y0, x1, y1);
                Sampler u = under.sampler(step, x0, y0, x1, y1);
                return (x, y) -> {
                    int p = t.argb(x, y);
                    if (p != Argb.UNKNOWN) {
                        return p;
                    }
                    int q = u.argb(x, y);
                    return q == Argb.UNKNOWN ? q : Argb.dim(q);
                };
            }
        };
    }

    /** {@code under} at half brightness: the placeholder where no result exists yet. */
    static Layer dimmed(Layer under) {
        return new Layer() {
            @Override
            public int width() {
                return under.width();
            }

            @Override
            public int height() {
                return under.height();
            }

            @Override
            public Sampler sampler(double step, double x0, double y0, double x1, double y1) {
                Sampler u = under.sampler(step, x0, y0, x1, y1);
                return (x, y) -> {
                    int q = u.argb(x, y);
                    return q == Argb.UNKNOWN ? q : Argb.dim(q);
                };
            }
        };
    }
}
