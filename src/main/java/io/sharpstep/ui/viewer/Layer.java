package io.sharpstep.ui.viewer;

/** Something the viewer can sample, in the coordinates of the enlarged image (output pixels). */
public interface Layer {
    int width();

    int height();

    /** ARGB at an output pixel inside the layer; alpha 0 where nothing is known yet. */
    int argb(int x, int y);

    /** A raster shown one to one. */
    static Layer of(Raster r) {
        return new Layer() {
            @Override
            public int width() {
                return r.width();
            }

            @Override
            public int height() {
                return r.height();
            }

            @Override
            public int argb(int x, int y) {
                return r.get(x, y);
            }
        };
    }

    /** A raster enlarged by pixel repetition: what the pixels of the original really were. */
    static Layer nearest(Raster r, int scale) {
        return new Layer() {
            @Override
            public int width() {
                return r.width() * scale;
            }

            @Override
            public int height() {
                return r.height() * scale;
            }

            @Override
            public int argb(int x, int y) {
                return r.get(x / scale, y / scale);
            }
        };
    }

    /** {@code top}, and where it has nothing yet, {@code under} dimmed to half brightness. */
    static Layer over(Layer top, Layer under) {
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
            public int argb(int x, int y) {
                int p = top.argb(x, y);
                if ((p >>> 24) != 0 || under == null || x >= under.width() || y >= under.height()) {
                    return p;
                }
                return 0xff000000 | (under.argb(x, y) >> 1) & 0x7f7f7f;
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
            public int argb(int x, int y) {
                return 0xff000000 | (under.argb(x, y) >> 1) & 0x7f7f7f;
            }
        };
    }
}
