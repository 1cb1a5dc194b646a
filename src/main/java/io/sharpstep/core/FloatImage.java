package io.sharpstep.core;

import java.util.Objects;

/**
 * A planar float image: {@code channels} planes of {@code width × height} values, channel-major (CHW), the
 * layout ONNX graphs take. Values are nominally in [0, 1]. The array is shared, not copied: callers that
 * hand one out must not change it afterwards.
 */
public final class FloatImage {
    private final int channels;
    private final int width;
    private final int height;
    private final float[] data;

    /** Wraps {@code data} (length channels·width·height) without copying. */
    public FloatImage(int channels, int width, int height, float[] data) {
        if (channels <= 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("empty image " + channels + "x" + width + "x" + height);
        }
        Objects.requireNonNull(data, "data");
        if ((long) channels * width * height != data.length) {
            throw new IllegalArgumentException("expected " + (long) channels * width * height
                    + " values, found " + data.length);
        }
        this.channels = channels;
        this.width = width;
        this.height = height;
        this.data = data;
    }

    /** A zero-filled image. */
    public static FloatImage zeros(int channels, int width, int height) {
        return new FloatImage(channels, width, height,
                new float[Math.toIntExact(Math.multiplyExact((long) channels, (long) width * height))]);
    }

    public int channels() { return channels; }
    public int width() { return width; }
    public int height() { return height; }
    /** The backing array (CHW). */
    public float[] data() { return data; }
    /** Number of values in one plane. */
    public int planeSize() { return width * height; }

    public float get(int c, int x, int y) { return data[(c * height + y) * width + x]; }
    public void set(int c, int x, int y, float v) { data[(c * height + y) * width + x] = v; }

    /** A copy of the rectangle {@code r}, which must lie inside the image. */
    public FloatImage crop(Rect r) {
        return crop(r.x(), r.y(), r.width(), r.height());
    }

    /** Copies {@code src} (same channel count) into this image with its top-left corner at (x, y). */
    public void paste(FloatImage src, int x, int y) {
        if (src.channels != channels || x < 0 || y < 0 || x + src.width > width || y + src.height > height) {
            throw new IllegalArgumentException("paste " + src.width + "x" + src.height + " at " + x + "," + y
                    + " outside " + width + "x" + height);
        }
        for (int c = 0; c < channels; c++) {
            for (int row = 0; row < src.height; row++) {
                System.arraycopy(src.data, (c * src.height + row) * src.width, data, (c * height + y + row) * width + x,
                        src.width);
            }
        }
    }

    /** This image as a {@link PixelSource} whose values came from {@code bits}-bit samples. */
    public PixelSource asSource(int bits) {
        return PixelSource.of(channels, width, height, bits, this::crop);
    }

    /** A sink that pastes into this image. */
    public PixelSink asSink() {
        return (r, px) -> paste(px, r.x(), r.y());
    }

    /** A copy of the rectangle [x, x+w) × [y, y+h), which must lie inside the image. */
    public FloatImage crop(int x, int y, int w, int h) {
        if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height) {
            throw new IllegalArgumentException("crop " + x + "," + y + " " + w + "x" + h
                    + " outside " + width + "x" + height);
        }
        float[] out = new float[channels * w * h];
        for (int c = 0; c < channels; c++) {
            for (int row = 0; row < h; row++) {
                System.arraycopy(data, (c * height + y + row) * width + x, out, (c * h + row) * w, w);
            }
        }
        return new FloatImage(channels, w, h, out);
    }
}
