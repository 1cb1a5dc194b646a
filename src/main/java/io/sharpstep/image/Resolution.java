package io.sharpstep.image;

/**
 * Print resolution in pixels per inch.
 *
 * @param xPpi horizontal pixels per inch, above 0
 * @param yPpi vertical pixels per inch, above 0
 */
public record Resolution(double xPpi, double yPpi) {
    public Resolution {
        if (!(xPpi > 0) || !(yPpi > 0) || Double.isInfinite(xPpi) || Double.isInfinite(yPpi)) {
            throw new IllegalArgumentException("resolution must be positive: " + xPpi + "×" + yPpi);
        }
    }

    /** A resolution from a value and a unit as TIFF/EXIF state it (2 = inch, 3 = centimetre); null if unusable. */
    static Resolution of(double x, double y, int unit) {
        double f = unit == 3 ? 2.54 : 1;
        if (!(x > 0) || !(y > 0) || Double.isInfinite(x) || Double.isInfinite(y) || (unit != 2 && unit != 3)) {
            return null;
        }
        return new Resolution(x * f, y * f);
    }

    /** This resolution for an image {@code factor} times as many pixels across, so the print size stays. */
    public Resolution scaled(double factor) {
        return new Resolution(xPpi * factor, yPpi * factor);
    }
}
