package dev.pixelprivacy.core.io;

import dev.pixelprivacy.core.image.EightBitLevels;
import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import java.awt.Rectangle;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.awt.image.RenderedImage;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;
import java.util.Vector;

/**
 * A float {@link RgbImage} (and optional alpha) seen by an {@code ImageWriter} as an 8-bit
 * {@code TYPE_INT_RGB} / {@code TYPE_INT_ARGB} image whose pixels are made on request: the PNG writer
 * asks for one row at a time ({@link #getData(Rectangle)}), so no packed copy of the whole image
 * exists. The samples are rounded as {@link ImageConversions#toBufferedImage(RgbImage, Mask)} rounds
 * them and the colour and sample models are those of a {@code BufferedImage} of that type, so a writer
 * produces the same bytes as from that {@code BufferedImage}.
 */
final class PlanarRenderedImage implements RenderedImage {
    private final RgbImage image;
    private final Mask alpha;
    private final int width;
    private final int height;
    private final DirectColorModel colorModel;
    private final SampleModel sampleModel;

    PlanarRenderedImage(RgbImage image, Mask alpha) {
        if (alpha != null) {
            alpha.requireSizeOf(image);
        }
        this.image = image;
        this.alpha = alpha;
        this.width = image.width();
        this.height = image.height();
        this.colorModel = alpha == null ? new DirectColorModel(24, 0x00ff0000, 0x0000ff00, 0x000000ff, 0)
                : new DirectColorModel(32, 0x00ff0000, 0x0000ff00, 0x000000ff, 0xff000000);
        this.sampleModel = colorModel.createCompatibleSampleModel(width, height);
    }

    @Override
    public Raster getData(Rectangle rect) {
        Rectangle r = rect.intersection(new Rectangle(0, 0, width, height));
        SampleModel sm = new SinglePixelPackedSampleModel(DataBuffer.TYPE_INT, r.width, r.height,
                colorModel.getMasks());
        WritableRaster raster = Raster.createWritableRaster(sm, new java.awt.Point(r.x, r.y));
        int[] row = new int[r.width];
        float[] d = image.data();
        float[] a = alpha == null ? null : alpha.data();
        int plane = width * height;
        for (int y = r.y; y < r.y + r.height; y++) {
            int o = y * width + r.x;
            for (int x = 0; x < r.width; x++) {
                int red = EightBitLevels.round(d[o + x]);
                int g = EightBitLevels.round(d[plane + o + x]);
                int b = EightBitLevels.round(d[2 * plane + o + x]);
                int p = (red << 16) | (g << 8) | b;
                if (a != null) {
                    p |= EightBitLevels.round(a[o + x]) << 24;
                }
                row[x] = p;
            }
            raster.setDataElements(r.x, y, r.width, 1, row);
        }
        return raster;
    }

    @Override
    public Raster getData() {
        return getData(new Rectangle(0, 0, width, height));
    }

    @Override
    public WritableRaster copyData(WritableRaster raster) {
        Raster all = getData();
        if (raster == null) {
            return (WritableRaster) all;
        }
        raster.setRect(all);
        return raster;
    }

    @Override
    public Raster getTile(int tileX, int tileY) {
        if (tileX != 0 || tileY != 0) {
            throw new IllegalArgumentException("one tile only, (0, 0), but asked for (" + tileX + ", " + tileY + ")");
        }
        return getData();
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

    @Override
    public SampleModel getSampleModel() {
        return sampleModel;
    }

    @Override
    public int getWidth() {
        return width;
    }

    @Override
    public int getHeight() {
        return height;
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
        return 1;
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
        return width;
    }

    @Override
    public int getTileHeight() {
        return height;
    }

    @Override
    public int getTileGridXOffset() {
        return 0;
    }

    @Override
    public int getTileGridYOffset() {
        return 0;
    }
}
