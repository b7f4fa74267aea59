package dev.pixelprivacy.core.testing;

import dev.pixelprivacy.core.image.RgbImage;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Image files built inside the tests, shared through the test-jar: seeded random images, hand-made
 * PNG chunks, JPEGs with an Exif segment or an ICC profile, the structures phones write.
 */
public final class PhotoFiles {
    private PhotoFiles() {}

    /** Random float RGB, values anywhere in [0, 1] (not on 8-bit levels). */
    public static RgbImage randomRgb(int width, int height, long seed) {
        Random rnd = new Random(seed);
        float[] d = new float[3 * width * height];
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextFloat();
        }
        return RgbImage.of(width, height, d);
    }

    /** Random 8-bit opaque RGB. */
    public static BufferedImage random8BitRgb(int width, int height, long seed) {
        Random rnd = new Random(seed);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, rnd.nextInt() & 0xffffff);
            }
        }
        return img;
    }

    public static Path write(BufferedImage img, String format, Path file) throws IOException {
        if (!ImageIO.write(img, format, file.toFile())) {
            throw new IllegalStateException("no ImageIO writer for " + format + " and " + img);
        }
        return file;
    }

    /** 8-bit sample of channel c (0 red) of a TYPE_INT_RGB-like pixel. */
    public static int channel(int rgb, int c) {
        return (rgb >> (16 - 8 * c)) & 0xff;
    }

    /** A PNG whose IHDR claims the given size (valid CRCs) with a few bytes of real image data. */
    public static byte[] pngClaimingSize(int width, int height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.writeByte(8); // bit depth
        h.writeByte(2); // colour type RGB
        h.writeByte(0); // deflate
        h.writeByte(0); // adaptive filtering
        h.writeByte(0); // no interlace
        chunk(out, "IHDR", ihdr.toByteArray());
        // One real row: filter byte then width * 3 zero samples would be huge; a few bytes suffice.
        chunk(out, "IDAT", deflate(new byte[64]));
        chunk(out, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }


    public static Path writeBytes(Path file, byte[] data) throws IOException {
        Files.write(file, data);
        return file;
    }

    /** PNG bytes with a chunk inserted right after IHDR (8-byte signature + 25-byte IHDR), CRC computed. */
    public static byte[] pngWithChunk(byte[] png, String type, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(png, 0, 33);
        chunk(new DataOutputStream(bytes), type, data);
        bytes.write(png, 33, png.length - 33);
        return bytes.toByteArray();
    }

    /** JPEG bytes with an APP1 Exif segment ("Exif\0\0" + tiff) spliced in right after SOI. */
    public static byte[] jpegWithExif(byte[] jpeg, byte[] tiff) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(jpeg, 0, 2);
        int length = 2 + 6 + tiff.length;
        bytes.write(0xff);
        bytes.write(0xe1);
        bytes.write(length >> 8);
        bytes.write(length & 0xff);
        bytes.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        bytes.writeBytes(tiff);
        bytes.write(jpeg, 2, jpeg.length - 2);
        return bytes.toByteArray();
    }

    /**
     * A minimal Exif TIFF structure: header, IFD0 at offset 8 with two entries (ImageWidth as a
     * LONG, then Orientation as a SHORT), next-IFD offset 0.
     */
    public static byte[] exifTiff(int orientation, boolean bigEndian) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + 2 + 2 * 12 + 4)
                .order(bigEndian ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(bigEndian ? (byte) 'M' : (byte) 'I').put(bigEndian ? (byte) 'M' : (byte) 'I');
        b.putShort((short) 42).putInt(8);
        b.putShort((short) 2);
        b.putShort((short) 0x0100).putShort((short) 4).putInt(1).putInt(640); // ImageWidth LONG
        b.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        b.putInt(0);
        return b.array();
    }

    public static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(img, format, bytes)) {
            throw new IllegalStateException("no ImageIO writer for " + format + " and " + img);
        }
        return bytes.toByteArray();
    }

    /**
     * A PNG with an iCCP chunk, through the PNG writer's own metadata. The JDK's writer stores the
     * metadata's bytes as they are, so they are deflated here first, as the PNG specification requires.
     */
    public static Path writePngWithProfile(BufferedImage img, ICC_Profile profile, Path file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try {
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), null);
            IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree("javax_imageio_png_1.0");
            IIOMetadataNode iccp = new IIOMetadataNode("iCCP");
            iccp.setAttribute("profileName", "test profile");
            iccp.setAttribute("compressionMethod", "deflate");
            iccp.setUserObject(deflate(profile.getData()));
            root.appendChild(iccp);
            metadata.setFromTree("javax_imageio_png_1.0", root);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(new IIOImage(img, null, metadata));
            }
            if (!new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1).contains("iCCP")) {
                throw new IllegalStateException("the PNG writer left out the iCCP chunk");
            }
            return Files.write(file, bytes.toByteArray());
        } finally {
            writer.dispose();
        }
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }
}
