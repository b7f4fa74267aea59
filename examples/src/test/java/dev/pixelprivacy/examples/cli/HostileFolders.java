package dev.pixelprivacy.examples.cli;

import dev.pixelprivacy.core.testing.PhotoFiles;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Builds folders of awkward inputs for the CLI tests, and fingerprints folders. */
final class HostileFolders {
    private HostileFolders() {}

    /** A seeded picture of the given type and size. */
    static BufferedImage picture(int type, int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, type);
        SplittableRandom r = new SplittableRandom(seed);
        int base = r.nextInt(0xffffff);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = (base + 1031 * x + 7919 * y + r.nextInt(40)) & 0xffffff;
                img.setRGB(x, y, 0xff000000 | v);
            }
        }
        return img;
    }

    static Path png(Path file, int w, int h, long seed) throws IOException {
        return write(picture(BufferedImage.TYPE_INT_RGB, w, h, seed), "png", file);
    }

    static Path write(BufferedImage img, String format, Path file) throws IOException {
        if (!ImageIO.write(img, format, file.toFile())) {
            throw new IOException("no writer for " + format);
        }
        return file;
    }

    /** A four-channel (CMYK) JPEG without a colour profile, as ImageIO writes a 4-band raster. */
    static byte[] cmykJpeg(int w, int h) throws IOException {
        java.awt.image.WritableRaster r = java.awt.image.Raster.createInterleavedRaster(
                java.awt.image.DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int b = 0; b < 4; b++) {
                    r.setSample(x, y, b, (x * 7 + y * 3 + b * 50) & 255);
                }
            }
        }
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream out = new javax.imageio.stream.MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(r, null, null), null);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** A PNG whose header claims 100000x100000 pixels (and nothing else). */
    static byte[] hugeHeaderPng() {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(100_000).putInt(100_000).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /**
     * The hostile corpus of issue 12: every kind of awkward entry a real photo folder holds.
     *
     * @param dir an empty folder
     * @return the folder
     */
    static Path corpus(Path dir) throws IOException {
        png(dir.resolve("tiny-1x1.png"), 1, 1, 1);
        png(dir.resolve("tiny-3x3.png"), 3, 3, 2);
        png(dir.resolve("banner-4000x5.png"), 4000, 5, 3);
        Files.write(dir.resolve("huge-header.png"), hugeHeaderPng());
        byte[] whole = Files.readAllBytes(png(dir.resolve("truncated.png"), 64, 64, 4));
        Files.write(dir.resolve("truncated.png"), java.util.Arrays.copyOf(whole, whole.length / 2));
        Files.write(dir.resolve("zero-bytes.png"), new byte[0]);
        byte[] noise = new byte[4096];
        new java.util.Random(5).nextBytes(noise);
        Files.write(dir.resolve("random-bytes.png"), noise);
        Files.write(dir.resolve("random-bytes.bin"), noise);
        write(picture(BufferedImage.TYPE_USHORT_GRAY, 64, 64, 6), "png", dir.resolve("grey-16bit.png"));
        write(picture(BufferedImage.TYPE_BYTE_INDEXED, 64, 64, 7), "png", dir.resolve("palette.png"));
        write(picture(BufferedImage.TYPE_INT_ARGB, 64, 64, 8), "png", dir.resolve("rgba.png"));
        write(picture(BufferedImage.TYPE_BYTE_GRAY, 64, 64, 9), "png", dir.resolve("grey.png"));
        // An HEIC file's start: an ISO BMFF 'ftyp' box with brand heic.
        Files.write(dir.resolve("photo.heic"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0,
                'm', 'i', 'f', '1', 'h', 'e', 'i', 'c', 0, 0, 0, 0});
        Files.write(dir.resolve("cmyk.jpg"), cmykJpeg(64, 64));
        // A phone photo stored sideways: 64x48 pixels with Exif Orientation 6 (shown 48x64).
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(picture(BufferedImage.TYPE_INT_RGB, 64, 48, 13), "jpeg", jpeg);
        Files.write(dir.resolve("rotated.jpg"), PhotoFiles.jpegWithExif(jpeg.toByteArray(), PhotoFiles.exifTiff(6, true)));
        PhotoFiles.writePngWithProfile(picture(BufferedImage.TYPE_INT_RGB, 64, 64, 14),
                ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB), dir.resolve("icc.png"));
        write(picture(BufferedImage.TYPE_INT_RGB, 64, 64, 15), "tiff", dir.resolve("scan.tif"));
        // A lossless WebP (made with cwebp), too small for the demo model: read, then refused by size.
        try (var webp = HostileFolders.class.getResourceAsStream("/formats/rgba-6x4-lossless.webp")) {
            Files.write(dir.resolve("sticker.webp"), webp.readAllBytes());
        }
        png(dir.resolve("a.png"), 64, 64, 10);
        write(picture(BufferedImage.TYPE_INT_RGB, 64, 64, 11), "jpeg", dir.resolve("a.jpg"));
        Files.writeString(dir.resolve("notes.txt"), "not a picture\n");
        Files.createSymbolicLink(dir.resolve("link.png"), dir.resolve("a.png").toAbsolutePath());
        Path sub = Files.createDirectories(dir.resolve("sub"));
        png(sub.resolve("b.png"), 64, 64, 12);
        return dir;
    }

    /** @return SHA-256 of every file below dir (links not followed), by relative path */
    static Map<String, String> fingerprints(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList();
        }
        for (Path p : files) {
            out.put(dir.relativize(p).toString(), sha256(Files.readAllBytes(p)));
        }
        return out;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
