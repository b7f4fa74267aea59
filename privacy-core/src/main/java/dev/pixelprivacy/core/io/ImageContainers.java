package dev.pixelprivacy.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * What the decoders do not tell: the Exif orientation of JPEG, PNG, WebP and TIFF files, and whether
 * a file is an ISO-BMFF still image (HEIF, HEIC, AVIF) that no JDK reader decodes. Read from the
 * file's structure by content, never by its name; a structure that cannot be followed (truncated,
 * garbage) gives {@link ExifOrientation#NORMAL}, never an exception other than I/O.
 */
final class ImageContainers {
    /** Larger Exif blocks than this are not metadata a camera writes; they are not read. */
    private static final int MAX_EXIF_BYTES = 1 << 20;

    /** ISO-BMFF brands of HEIF still images and sequences (ISO/IEC 23008-12, Annex B) and AVIF. */
    private static final Set<String> HEIF_BRANDS =
            Set.of("heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "mif1", "msf1", "mif2");
    private static final Set<String> AVIF_BRANDS = Set.of("avif", "avis");

    private ImageContainers() {}

    /**
     * @param file an image file
     * @return the orientation its Exif data records, {@link ExifOrientation#NORMAL} if none or unreadable
     * @throws IOException if the file cannot be read
     */
    static ExifOrientation orientation(Path file) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            byte[] head = read(ch, 0, 12);
            if (head.length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8) {
                return jpeg(ch);
            }
            if (head.length >= 8 && (head[0] & 0xff) == 0x89 && ascii(head, 1, 3).equals("PNG")) {
                return png(ch);
            }
            if (head.length >= 12 && ascii(head, 0, 4).equals("RIFF") && ascii(head, 8, 4).equals("WEBP")) {
                return webp(ch);
            }
            if (head.length >= 8 && (ascii(head, 0, 2).equals("II") || ascii(head, 0, 2).equals("MM"))) {
                return tiff(ch, head);
            }
            return ExifOrientation.NORMAL;
        }
    }

    /**
     * @param file a file
     * @return "HEIF" or "AVIF" with the brand, e.g. {@code "HEIF (brand heic)"}, if the file starts
     *     with an ISO-BMFF {@code ftyp} box naming such a brand; null otherwise
     * @throws IOException if the file cannot be read
     */
    static String heifKind(Path file) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            byte[] head = read(ch, 0, 8);
            if (head.length < 8 || !ascii(head, 4, 4).equals("ftyp")) {
                return null;
            }
            long size = u32be(head, 0);
            int n = (int) Math.min(Math.max(size, 16), 4096);
            byte[] box = read(ch, 0, n);
            String major = box.length >= 12 ? ascii(box, 8, 4) : "";
            String kind = kindOf(major);
            if (kind != null) {
                return kind + " (brand " + major + ")";
            }
            for (int at = 16; at + 4 <= box.length; at += 4) {
                String brand = ascii(box, at, 4);
                kind = kindOf(brand);
                if (kind != null) {
                    return kind + " (brand " + brand + ")";
                }
            }
            return null;
        }
    }

    private static String kindOf(String brand) {
        return AVIF_BRANDS.contains(brand) ? "AVIF" : HEIF_BRANDS.contains(brand) ? "HEIF/HEIC" : null;
    }

    /** Markers up to the first scan; the first APP1 that starts with "Exif\0\0". */
    private static ExifOrientation jpeg(SeekableByteChannel ch) throws IOException {
        long at = 2;
        for (int segments = 0; segments < 256; segments++) {
            byte[] m = read(ch, at, 4);
            if (m.length < 4 || (m[0] & 0xff) != 0xff) {
                return ExifOrientation.NORMAL;
            }
            int marker = m[1] & 0xff;
            if (marker == 0xff) { // fill byte
                at++;
                continue;
            }
            if (marker == 0xd9 || marker == 0xda) { // end of image, start of scan
                return ExifOrientation.NORMAL;
            }
            if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { // no length
                at += 2;
                continue;
            }
            int length = ((m[2] & 0xff) << 8) | (m[3] & 0xff);
            if (length < 2) {
                return ExifOrientation.NORMAL;
            }
            if (marker == 0xe1 && length >= 8 + 6) {
                byte[] data = read(ch, at + 4, length - 2);
                if (data.length >= 6 && ascii(data, 0, 4).equals("Exif") && data[4] == 0 && data[5] == 0) {
                    return ExifOrientation.fromTiff(data, 6, data.length - 6);
                }
            }
            at += 2 + length;
        }
        return ExifOrientation.NORMAL;
    }

    /**
     * A JPEG's ICC profile: the APP2 segments that start with {@code "ICC_PROFILE\0"}, each with its
     * sequence number and the count, joined in order (ICC.1:2010, annex B.4).
     *
     * @param file a file
     * @return the profile's bytes; null if the file is not a JPEG, has none, or its chunks are incomplete
     * @throws IOException if the file cannot be read
     */
    static byte[] jpegIccProfile(Path file) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            byte[] head = read(ch, 0, 2);
            if (head.length < 2 || (head[0] & 0xff) != 0xff || (head[1] & 0xff) != 0xd8) {
                return null;
            }
            byte[][] chunks = null;
            long at = 2;
            for (int segments = 0; segments < 1024; segments++) {
                byte[] m = read(ch, at, 4);
                if (m.length < 4 || (m[0] & 0xff) != 0xff) {
                    break;
                }
                int marker = m[1] & 0xff;
                if (marker == 0xff) {
                    at++;
                    continue;
                }
                if (marker == 0xd9 || marker == 0xda) {
                    break;
                }
                if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                    at += 2;
                    continue;
                }
                int length = ((m[2] & 0xff) << 8) | (m[3] & 0xff);
                if (length < 2) {
                    break;
                }
                if (marker == 0xe2 && length >= 2 + 14) {
                    byte[] data = read(ch, at + 4, length - 2);
                    if (data.length == length - 2 && ascii(data, 0, 12).equals("ICC_PROFILE\0")) {
                        int seq = data[12] & 0xff;
                        int count = data[13] & 0xff;
                        if (chunks == null) {
                            chunks = new byte[Math.max(count, 1)][];
                        }
                        if (count != chunks.length || seq < 1 || seq > count) {
                            return null;
                        }
                        chunks[seq - 1] = java.util.Arrays.copyOfRange(data, 14, data.length);
                    }
                }
                at += 2 + length;
            }
            if (chunks == null) {
                return null;
            }
            java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
            for (byte[] c : chunks) {
                if (c == null) {
                    return null;
                }
                joined.writeBytes(c);
            }
            return joined.toByteArray();
        }
    }

    /** All chunks: eXIf may come before or after the image data (PNG third edition, 11.3.3.6). */
    private static ExifOrientation png(SeekableByteChannel ch) throws IOException {
        long at = 8;
        while (true) {
            byte[] h = read(ch, at, 8);
            if (h.length < 8) {
                return ExifOrientation.NORMAL;
            }
            long length = u32be(h, 0);
            String type = ascii(h, 4, 4);
            if (type.equals("eXIf")) {
                if (length > MAX_EXIF_BYTES) {
                    return ExifOrientation.NORMAL;
                }
                byte[] data = read(ch, at + 8, (int) length);
                return ExifOrientation.fromTiff(data, 0, data.length);
            }
            if (type.equals("IEND")) {
                return ExifOrientation.NORMAL;
            }
            at += 12 + length;
        }
    }

    /** RIFF chunks (little-endian sizes, padded to even); the EXIF chunk, with or without "Exif\0\0". */
    private static ExifOrientation webp(SeekableByteChannel ch) throws IOException {
        long at = 12;
        for (int chunks = 0; chunks < 1024; chunks++) {
            byte[] h = read(ch, at, 8);
            if (h.length < 8) {
                return ExifOrientation.NORMAL;
            }
            long size = (h[4] & 0xffL) | (h[5] & 0xffL) << 8 | (h[6] & 0xffL) << 16 | (h[7] & 0xffL) << 24;
            if (ascii(h, 0, 4).equals("EXIF")) {
                if (size > MAX_EXIF_BYTES) {
                    return ExifOrientation.NORMAL;
                }
                byte[] data = read(ch, at + 8, (int) size);
                int skip = data.length >= 6 && ascii(data, 0, 4).equals("Exif") ? 6 : 0;
                return ExifOrientation.fromTiff(data, skip, data.length - skip);
            }
            at += 8 + size + (size & 1);
        }
        return ExifOrientation.NORMAL;
    }

    /**
     * A TIFF file is itself the structure the orientation parser reads, but its IFD0 may lie anywhere
     * in the file: the header and that directory are copied into one small block.
     */
    private static ExifOrientation tiff(SeekableByteChannel ch, byte[] head) throws IOException {
        boolean little = head[0] == 'I';
        long ifd = little
                ? (head[4] & 0xffL) | (head[5] & 0xffL) << 8 | (head[6] & 0xffL) << 16 | (head[7] & 0xffL) << 24
                : u32be(head, 4);
        byte[] count = read(ch, ifd, 2);
        if (count.length < 2) {
            return ExifOrientation.NORMAL;
        }
        int entries = little ? (count[0] & 0xff) | (count[1] & 0xff) << 8 : (count[0] & 0xff) << 8 | (count[1] & 0xff);
        byte[] dir = read(ch, ifd + 2, 12 * entries);
        byte[] block = new byte[8 + 2 + dir.length];
        System.arraycopy(head, 0, block, 0, 4);
        block[little ? 4 : 7] = 8; // IFD0 now follows the header
        System.arraycopy(count, 0, block, 8, 2);
        System.arraycopy(dir, 0, block, 10, dir.length);
        return ExifOrientation.fromTiff(block, 0, block.length);
    }

    /** Up to n bytes at a position; fewer at the end of the file, none past it. */
    private static byte[] read(SeekableByteChannel ch, long position, int n) throws IOException {
        if (position < 0 || n <= 0 || position >= ch.size()) {
            return new byte[0];
        }
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(n, ch.size() - position));
        ch.position(position);
        while (buf.hasRemaining() && ch.read(buf) > 0) {
            // reads until full or the end of the file
        }
        return buf.position() == buf.capacity() ? buf.array() : java.util.Arrays.copyOf(buf.array(), buf.position());
    }

    private static long u32be(byte[] b, int at) {
        return (b[at] & 0xffL) << 24 | (b[at + 1] & 0xffL) << 16 | (b[at + 2] & 0xffL) << 8 | (b[at + 3] & 0xffL);
    }

    private static String ascii(byte[] b, int at, int n) {
        return new String(b, at, n, StandardCharsets.ISO_8859_1);
    }
}
