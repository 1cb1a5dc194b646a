package io.sharpstep.image;

import io.sharpstep.core.Rect;
import io.sharpstep.raster.Picture;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageTypeSpecifier;
import java.awt.image.Raster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The JPEG encoder's whole-image raster for results beyond 2³¹ samples (a 48 MP photo ×4 is 32000×24000×3 =
 * 2.3 G samples): the raster is made without holding the image, and a row far down reads true samples through a
 * band-reordered child, as the encoder reads it.
 */
class PictureImageTest {
    /** Samples computed from their place: nothing is stored. */
    private static Picture computed(int w, int h) {
        return new Picture() {
            @Override
            public int width() {
                return w;
            }

            @Override
            public int height() {
                return h;
            }

            @Override
            public int channels() {
                return 3;
            }

            @Override
            public int bits() {
                return 8;
            }

            @Override
            public void readBytes(Rect r, byte[] dst, int off) {
                int i = off;
                for (int y = r.y(); y < r.y() + r.height(); y++) {
                    for (int x = r.x(); x < r.x() + r.width(); x++) {
                        for (int c = 0; c < 3; c++) {
                            dst[i++] = (byte) sample(x, y, c);
                        }
                    }
                }
            }
        };
    }

    private static int sample(int x, int y, int c) {
        return (x * 7 + y * 13 + c * 101) & 0xff;
    }

    @Test
    void aWholeImageRasterOverTwoGigasamplesReadsTrueRows() {
        Picture p = computed(32000, 24000);
        assertEquals(2_304_000_000L, p.bytes());
        Raster whole = PictureImage.single(p).getTile(0, 0);
        assertEquals(32000, whole.getWidth());
        assertEquals(24000, whole.getHeight());

        int y = 23_990;
        int x = 31_000;
        Raster line = whole.createChild(x, y, 500, 1, 0, 0, new int[] {2, 1, 0});
        int[] got = line.getPixels(0, 0, 500, 1, (int[]) null);
        int[] want = new int[500 * 3];
        for (int i = 0; i < 500; i++) {
            for (int b = 0; b < 3; b++) {
                want[i * 3 + b] = sample(x + i, y, 2 - b);
            }
        }
        assertArrayEquals(want, got);
        assertEquals(sample(5, 100, 1), whole.getSample(5, 100, 1));
        // What the JPEG writer asks before it writes.
        ImageTypeSpecifier type = ImageTypeSpecifier.createFromRenderedImage(PictureImage.single(p));
        assertEquals(3, type.getNumBands());
        assertEquals(8, type.getBitsPerBand(0));
    }

    @Test
    void aSmallImageKeepsItsTrueStride() {
        Raster whole = PictureImage.single(computed(40, 30)).getTile(0, 0);
        assertEquals(40 * 3, ((java.awt.image.ComponentSampleModel) whole.getSampleModel()).getScanlineStride());
        assertEquals(sample(39, 29, 2), whole.getSample(39, 29, 2));
    }
}
