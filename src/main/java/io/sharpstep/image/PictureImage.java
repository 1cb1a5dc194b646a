package io.sharpstep.image;

import io.sharpstep.core.Rect;
import io.sharpstep.raster.Picture;

import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.RenderedImage;
import java.awt.image.SampleModel;
import java.awt.image.WritableRaster;
import java.util.Vector;

/**
 * A {@link Picture} as an ImageIO {@link RenderedImage} whose pixels are fetched as the encoder asks for them, so
 * encoding never needs the whole image in memory. PNG and TIFF encoders read horizontal strips
 * ({@link #strips}); the JPEG encoder insists on one raster for the whole image, which {@link #single} gives as a
 * raster whose samples are read row by row on demand (with 64-bit offsets, so results beyond 2³¹ samples work).
 * Samples are labelled sRGB whatever they are: the colour profile is written afterwards with the metadata.
 */
final class PictureImage implements RenderedImage {
    static final int STRIP = 64;

    private final Picture picture;
    private final boolean singleTile;
    private final ColorModel colorModel;
    private final int dataType;
    private final int[] bandOffsets;

    private PictureImage(Picture picture, boolean singleTile) {
        this.picture = picture;
        this.singleTile = singleTile;
        boolean alpha = picture.channels() == 4;
        this.dataType = picture.bits() == 16 ? DataBuffer.TYPE_USHORT : DataBuffer.TYPE_BYTE;
        this.colorModel = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, dataType);
        this.bandOffsets = alpha ? new int[] {0, 1, 2, 3} : new int[] {0, 1, 2};
    }

    /** Strips of {@value #STRIP} rows, each filled when asked for. */
    static PictureImage strips(Picture p) {
        return new PictureImage(p, false);
    }

    /** One tile the size of the image, read on demand. */
    static PictureImage single(Picture p) {
        return new PictureImage(p, true);
    }

    @Override
    public Vector<RenderedImage> getSources() {
        return null;
    }

    @Override
    public Object getProperty(String name) {
        return java.awt.Image.UndefinedProperty;
    }

    @Override
    public String[] getPropertyNames() {
        return null;
    }

    @Override
    public ColorModel getColorModel() {
        return colorModel;
    }

    /**
     * The layout of the samples, a strip high whatever the tiles: encoders ask it for the sample type and band
     * order only, and a whole-image model cannot describe results over 2³¹ samples (a 48 MP photo ×4).
     */
    @Override
    public SampleModel getSampleModel() {
        return sampleModel(picture.width(), Math.min(picture.height(), STRIP));
    }

    private PixelInterleavedSampleModel sampleModel(int w, int h) {
        int ch = picture.channels();
        return new PixelInterleavedSampleModel(dataType, w, h, ch, w * ch, bandOffsets);
    }

    @Override
    public int getWidth() {
        return picture.width();
    }

    @Override
    public int getHeight() {
        return picture.height();
    }

    @Override
    public int getMinX() {
        return 0;
    }

    @Override
    public int getMinY() {
        return 0;
    }

    @Override
    public int getNumXTiles() {
        return 1;
    }

    @Override
    public int getNumYTiles() {
        return singleTile ? 1 : (picture.height() + STRIP - 1) / STRIP;
    }

    @Override
    public int getMinTileX() {
        return 0;
    }

    @Override
    public int getMinTileY() {
        return 0;
    }

    @Override
    public int getTileWidth() {
        return picture.width();
    }

    @Override
    public int getTileHeight() {
        return singleTile ? picture.height() : STRIP;
    }

    @Override
    public int getTileGridXOffset() {
        return 0;
    }

    @Override
    public int getTileGridYOffset() {
        return 0;
    }

    @Override
    public Raster getTile(int tileX, int tileY) {
        if (singleTile) {
            return OnDemandSampleModel.raster(picture, dataType, bandOffsets);
        }
        int y = tileY * STRIP;
        return getData(new Rectangle(0, y, picture.width(), Math.min(STRIP, picture.height() - y)));
    }

    @Override
    public Raster getData() {
        return getData(new Rectangle(0, 0, picture.width(), picture.height()));
    }

    @Override
    public Raster getData(Rectangle rect) {
        WritableRaster r = Raster.createWritableRaster(sampleModel(rect.width, rect.height), new Point(rect.x, rect.y));
        fill(r, new Rect(rect.x, rect.y, rect.width, rect.height));
        return r;
    }

    @Override
    public WritableRaster copyData(WritableRaster raster) {
        WritableRaster r = raster != null ? raster : colorModel.createCompatibleWritableRaster(getWidth(), getHeight());
        Raster src = getData(r.getBounds());
        r.setRect(src);
        return r;
    }

    private void fill(WritableRaster r, Rect area) {
        int n = Math.toIntExact((long) area.width() * area.height() * picture.channels() * (picture.bits() / 8));
        if (r.getDataBuffer() instanceof DataBufferByte b) {
            picture.readBytes(area, b.getData(), 0);
        } else {
            byte[] bytes = new byte[n];
            picture.readBytes(area, bytes, 0);
            short[] s = ((DataBufferUShort) r.getDataBuffer()).getData();
            for (int i = 0; i < s.length; i++) {
                s[i] = (short) ((bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff);
            }
        }
    }
}
