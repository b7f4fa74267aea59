package dev.pixelprivacy.core.io;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.RenderedImage;
import java.awt.image.SampleModel;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.w3c.dom.Node;

/**
 * Reads and writes image files with {@code javax.imageio} only.
 *
 * <p>Reading accepts what the readers on the class path decode (the JDK's: PNG, JPEG, BMP, GIF, TIFF
 * and WBMP; an application may add plugins, e.g. WebP) and returns float sRGB in [0, 1] as described
 * in {@link ImageConversions}, upright (the Exif orientation applied), embedded colour profiles
 * converted, with the alpha plane and the frame count alongside
 * ({@link #decode(Path, ImageReadOptions)}); a GIF gives its first frame. It refuses, with an
 * {@link UnreadableImageException} naming the file and the reason: a file that is not an image (an
 * HEIF/HEIC or AVIF photo named as such, with a way to convert it), an empty file, a truncated or
 * damaged one (any warning from the decoder counts: the JPEG reader decodes a truncated file with
 * only a warning and grey fills the missing part), an image whose header claims more pixels than
 * {@link ImageReadOptions#maxPixels()} or more memory than the heap can hold, both checked before
 * any pixel is decoded. {@link #probe(Path)} says by content, without decoding, whether a file is
 * an image that can be read.
 *
 * <p>Writing produces 8-bit files, every sample rounded to the nearest level
 * ({@link ImageConversions#toBufferedImage(RgbImage)}), PNG with an optional alpha channel, without
 * metadata (no orientation, no profile: the pixels are upright sRGB), atomically through
 * {@link AtomicFiles}: a temporary file in the target's folder renamed into place, so a failure
 * leaves the previous target untouched. The overloads that take a source path refuse to write over
 * that source, whatever the spelling of either path (symbolic and hard links included). Nothing
 * here uses ImageIO's disk cache, so no temporary file is created outside the target's folder.
 */
public final class ImageFiles {

    private static final String PNG_METADATA = "javax_imageio_png_1.0";

    private ImageFiles() {}

    /**
     * Reads with the {@link ImageReadOptions#defaults() defaults}: at most 100 megapixels, alpha
     * dropped.
     *
     * @param file an image file
     * @return its pixels as float sRGB in [0, 1], upright (as {@link #decode(Path, ImageReadOptions)})
     * @throws UnreadableImageException if the file is refused (the message names it and says why)
     * @throws IOException if the file cannot be opened or read (e.g. {@link java.nio.file.NoSuchFileException})
     */
    public static RgbImage read(Path file) throws IOException {
        return read(file, ImageReadOptions.defaults());
    }

    /**
     * @param file an image file
     * @param options pixel limit and alpha handling
     * @return its pixels as float sRGB in [0, 1], upright: {@code decode(file, options).rgb()}
     * @throws UnreadableImageException if the file is refused (the message names it and says why)
     * @throws IOException if the file cannot be opened or read (e.g. {@link java.nio.file.NoSuchFileException})
     */
    public static RgbImage read(Path file, ImageReadOptions options) throws IOException {
        return decode(file, options).rgb();
    }

    /**
     * Reads with the {@link ImageReadOptions#defaults() defaults}.
     *
     * @param file an image file
     * @return its colour, alpha and what was done to them
     * @throws UnreadableImageException if the file is refused (the message names it and says why)
     * @throws IOException if the file cannot be opened or read
     */
    public static DecodedImage decode(Path file) throws IOException {
        return decode(file, ImageReadOptions.defaults());
    }

    /**
     * Reads the first image of a file as a photo is meant to be seen:
     *
     * <ul>
     *   <li>upright: the Exif orientation (JPEG APP1, PNG {@code eXIf}, WebP {@code EXIF}, TIFF
     *       IFD0) is applied to colour and alpha, and recorded in {@link DecodedImage#orientation()};
     *   <li>sRGB: an embedded colour profile is converted (an RGB JPEG's by the JDK's reader; a
     *       grey JPEG's APP2 profile, a PNG's {@code iCCP}, other readers' profiles and CMYK here,
     *       with {@link ImageConversions#toSrgb(BufferedImage)}); a profile that is sRGB under
     *       another name is left alone; grey stays grey, R = G = B exactly;
     *   <li>alpha: kept as {@link DecodedImage#alpha()}, while {@link DecodedImage#rgb()} follows
     *       {@link ImageReadOptions#alpha()};
     *   <li>animation: only the first frame is read; {@link DecodedImage#frameCount()} says how many
     *       there are.
     * </ul>
     *
     * <p>Before any pixel is decoded, the size in the file's header is checked against
     * {@link ImageReadOptions#maxPixels()}, and the memory decoding would need, or processing the
     * image if {@link ImageReadOptions#processingBytesPerPixel()} says more, against the largest heap
     * the JVM may have; either refusal names the size and the memory.
     *
     * @param file an image file
     * @param options pixel limit and alpha handling
     * @return its colour, alpha and what was done to them
     * @throws UnreadableImageException if the file is refused (the message names it and says why)
     * @throws IOException if the file cannot be opened or read (e.g. {@link java.nio.file.NoSuchFileException})
     */
    public static DecodedImage decode(Path file, ImageReadOptions options) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        if (options == null) {
            throw new IllegalArgumentException("read options must not be null");
        }
        requireNonEmptyRegularFile(file);
        try (ImageInputStream in = open(file)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new UnreadableImageException(file, noReaderReason(file));
            }
            ImageReader reader = readers.next();
            try {
                return decodeWith(file, reader, in, options);
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * Says, by the file's content and never its name, whether {@link #decode} can read it: the
     * format a reader on the class path recognises, or why none does (an HEIF/HEIC or AVIF photo is
     * named as such, with a way to convert it). Only the first bytes are looked at: a readable
     * answer does not promise that the data is undamaged or within the pixel limit.
     *
     * @param file a file
     * @return the format, e.g. {@code "JPEG"}, or the reason it cannot be read
     * @throws IOException if the file cannot be opened or read (e.g. {@link java.nio.file.NoSuchFileException})
     */
    public static ImageProbe probe(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        try {
            requireNonEmptyRegularFile(file);
        } catch (UnreadableImageException e) {
            return ImageProbe.unreadable(e.reason());
        }
        try (ImageInputStream in = open(file)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return ImageProbe.unreadable(noReaderReason(file));
            }
            ImageReader reader = readers.next();
            try {
                return ImageProbe.readable(reader.getFormatName().toUpperCase(Locale.ROOT));
            } finally {
                reader.dispose();
            }
        }
    }

    private static void requireNonEmptyRegularFile(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw new UnreadableImageException(file, "not a regular file");
        }
        if (attributes.size() == 0) {
            throw new UnreadableImageException(file, "the file is empty (0 bytes)");
        }
    }

    /** Why no reader takes the file: an ISO-BMFF photo by its brand, anything else by its first bytes. */
    private static String noReaderReason(Path file) throws IOException {
        String heif = ImageContainers.heifKind(file);
        if (heif != null) {
            return heif + " image: no javax.imageio reader for it on the class path (no maintained pure-Java"
                    + " decoder exists); convert it first, e.g. 'heif-convert in.heic out.jpg' (Debian package"
                    + " libheif-examples) or ImageMagick 'convert in.heic out.png'";
        }
        return "not an image in a format javax.imageio can read (" + String.join(", ", readableFormats())
                + "); it starts with bytes " + firstBytes(file);
    }

    /** A stream without ImageIO's disk cache (which would write to java.io.tmpdir). */
    private static ImageInputStream open(Path file) throws IOException {
        if (file.getFileSystem() == FileSystems.getDefault()) {
            return new FileImageInputStream(file.toFile());
        }
        InputStream raw = Files.newInputStream(file);
        return new MemoryCacheImageInputStream(raw) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    raw.close();
                }
            }
        };
    }

    private static DecodedImage decodeWith(Path file, ImageReader reader, ImageInputStream in,
            ImageReadOptions options) throws IOException {
        String format = reader.getFormatName().toUpperCase(Locale.ROOT);
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        // Metadata is not ignored: the PNG reader needs the tRNS chunk for palette transparency,
        // and its iCCP chunk is the colour profile.
        reader.setInput(in, false, false); // seekable: counting the frames comes after reading the first
        int width;
        int height;
        try {
            width = reader.getWidth(0);
            height = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
            throw new UnreadableImageException(file, format + " header cannot be read: " + describe(e), e);
        }
        if (width <= 0 || height <= 0) {
            throw new UnreadableImageException(file, format + " header claims a size of " + width + "x" + height);
        }
        long pixels = (long) width * height;
        ExifOrientation orientation = ImageContainers.orientation(file);
        long decoding = pixels * bytesPerPixel(reader, orientation);
        long processing = pixels * options.processingBytesPerPixel();
        long needed = Math.max(decoding, processing);
        String what = processing > decoding ? "processing it" : "decoding";
        String size = format + " header claims " + width + "x" + height + " = " + pixels + " pixels";
        if (pixels > options.maxPixels()) {
            throw new UnreadableImageException(file, size + ", above the limit of " + options.maxPixels()
                    + " pixels (ImageReadOptions.maxPixels); " + what + " would need about " + megabytes(needed)
                    + "; not decoded");
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (needed > heap) {
            throw new UnreadableImageException(file, size + ": " + what + " would need about " + megabytes(needed)
                    + " (" + (needed / pixels) + " bytes per pixel) but the Java heap may grow to " + megabytes(heap)
                    + " at most (-Xmx); not decoded");
        }
        try {
            return decodePixels(file, reader, format, warnings, orientation, options);
        } catch (OutOfMemoryError e) {
            // The allocation that failed was this image's: the heap is intact once it is dropped.
            throw new UnreadableImageException(file, size + ": out of memory while decoding; it needs about "
                    + megabytes(needed) + " and the Java heap may grow to " + megabytes(heap)
                    + " (-Xmx) but other data is using part of it");
        }
    }

    private static final java.util.regex.Pattern STRIP_WARNING =
            java.util.regex.Pattern.compile("strip/tileByteCount < required \\(\\s*(\\d+)\\):\\s*(\\d+)");

    /**
     * TwelveMonkeys' TIFF reader warns {@code strip/tileByteCount < required (R):G} for every strip
     * shorter than a full one, the last strip of an image whose height is not a multiple of its rows
     * per strip included (the JDK's own TIFF writer makes such files). That strip is not damage: it is
     * recognised when some rows-per-strip n divides R into whole rows and the last strip's
     * {@code height mod n} rows take exactly G bytes.
     */
    static boolean isShortFinalStrip(String warning, int height) {
        java.util.regex.Matcher m = STRIP_WARNING.matcher(warning);
        if (!m.matches()) {
            return false;
        }
        long required = Long.parseLong(m.group(1));
        long given = Long.parseLong(m.group(2));
        for (int rows = 1; rows <= height; rows++) {
            if (required % rows == 0 && height % rows != 0 && given == required / rows * (height % rows)) {
                return true;
            }
        }
        return false;
    }

    private static DecodedImage decodePixels(Path file, ImageReader reader, String format, List<String> warnings,
            ExifOrientation orientation, ImageReadOptions options) throws IOException {
        BufferedImage image;
        int frames;
        try {
            image = reader.read(0);
            frames = frameCount(reader);
        } catch (IOException | RuntimeException e) {
            // Decoders throw unchecked exceptions on malformed input too; the file is to blame.
            throw new UnreadableImageException(file, format + " data cannot be decoded (the file is damaged, truncated"
                    + " or an unsupported variant of the format): " + describe(e), e);
        }
        int height = image.getHeight();
        List<String> damage = warnings.stream().filter(w -> !isShortFinalStrip(w, height)).toList();
        if (!damage.isEmpty()) {
            throw new UnreadableImageException(file, format + " decoder reports the file truncated or damaged: "
                    + String.join("; ", damage));
        }
        String profile = null;
        try {
            ICC_Profile embedded = format.equals("PNG") ? pngProfile(file, reader) : greyJpegProfile(file, image, format);
            if (embedded != null) {
                image = ImageConversions.withProfile(image, embedded);
            }
            ColorSpace cs = image.getColorModel().getColorSpace();
            BufferedImage srgb = ImageConversions.toSrgb(image);
            if (srgb != image) {
                profile = ImageConversions.describe(cs);
            }
            Mask alpha = ImageConversions.alphaPlane(srgb).map(orientation::apply).orElse(null);
            RgbImage rgb = orientation.apply(ImageConversions.toRgbImage(srgb, options.alpha()));
            return new DecodedImage(rgb, alpha, format, orientation, profile, frames);
        } catch (IllegalArgumentException e) {
            throw new UnreadableImageException(file, format + " image: " + e.getMessage(), e);
        }
    }

    /**
     * How many frames the file holds (GIF and WebP animation, TIFF pages), counted by the reader where
     * it does not know at once; a JPEG is one image (its reader would scan the whole file for more).
     */
    private static int frameCount(ImageReader reader) throws IOException {
        int n = reader.getNumImages(false);
        if (n < 0) {
            String f = reader.getFormatName().toLowerCase(Locale.ROOT);
            n = f.equals("jpeg") || f.equals("jpg") ? 1 : reader.getNumImages(true);
        }
        return Math.max(n, 1);
    }

    /** A PNG's iCCP chunk, which the JDK's PNG reader stores in its metadata but does not apply. */
    private static ICC_Profile pngProfile(Path file, ImageReader reader) throws IOException {
        IIOMetadata metadata = reader.getImageMetadata(0);
        if (metadata == null || !Arrays.asList(metadata.getMetadataFormatNames()).contains(PNG_METADATA)) {
            return null;
        }
        Node root = metadata.getAsTree(PNG_METADATA);
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals("iCCP") && n instanceof IIOMetadataNode node
                    && node.getUserObject() instanceof byte[] data) {
                String name = node.getAttribute("profileName");
                byte[] profile = inflate(data);
                if (profile == null) {
                    throw new UnreadableImageException(file, "PNG iCCP colour profile '" + name + "' ("
                            + data.length + " bytes) is not a zlib stream, as the PNG specification requires");
                }
                try {
                    return ICC_Profile.getInstance(profile);
                } catch (IllegalArgumentException e) {
                    throw new UnreadableImageException(file, "PNG iCCP colour profile '" + name
                            + "' (" + profile.length + " bytes) is not a valid ICC profile: " + e.getMessage(), e);
                }
            }
        }
        return null;
    }

    /**
     * The JDK's PNG reader hands an iCCP chunk's profile over as it is stored, zlib-compressed (PNG 1.2,
     * section 4.2.2.4; compression method 0 is the only one defined).
     *
     * @return the inflated bytes, or null if {@code data} is not one complete zlib stream
     */
    private static byte[] inflate(byte[] data) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(data.length * 2);
            byte[] buf = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return null;
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
    }

    /**
     * The ICC profile of a grey JPEG, which the JDK's JPEG reader ignores (it converts an RGB
     * JPEG's profile, but hands grey samples over in its default grey colour space).
     */
    private static ICC_Profile greyJpegProfile(Path file, BufferedImage image, String format) throws IOException {
        if (!format.equals("JPEG") || image.getColorModel().getNumColorComponents() != 1
                || image.getColorModel().getColorSpace() != ColorSpace.getInstance(ColorSpace.CS_GRAY)) {
            return null;
        }
        byte[] data = ImageContainers.jpegIccProfile(file);
        if (data == null) {
            return null;
        }
        try {
            ICC_Profile profile = ICC_Profile.getInstance(data);
            return profile.getColorSpaceType() == ColorSpace.TYPE_GRAY ? profile : null;
        } catch (IllegalArgumentException e) {
            throw new UnreadableImageException(file, "JPEG ICC colour profile (" + data.length
                    + " bytes) is not a valid ICC profile: " + e.getMessage(), e);
        }
    }

    /**
     * The heap one pixel takes while decoding: the decoder's raster, the float RGB result (12 bytes),
     * a float alpha plane (4) and, for a rotated or mirrored photo, the upright copy. A colour
     * conversion's 16-bit copy (6 or 8 bytes) is not known before the metadata is read: "about".
     */
    private static long bytesPerPixel(ImageReader reader, ExifOrientation orientation) {
        long raster = 8; // when the reader does not say: 4 16-bit samples
        boolean alpha = true;
        try {
            ImageTypeSpecifier type = reader.getRawImageType(0);
            if (type == null) {
                Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
                type = types.hasNext() ? types.next() : null;
            }
            if (type != null) {
                SampleModel sm = type.getSampleModel(1, 1);
                int bits = DataBuffer.getDataTypeSize(sm.getDataType());
                raster = sm instanceof java.awt.image.ComponentSampleModel
                        ? (long) sm.getNumBands() * bits / 8 : Math.max(1, bits / 8);
                alpha = type.getColorModel().hasAlpha();
            }
        } catch (IOException | RuntimeException e) {
            // the header was read; its image type is only for this estimate, which then stays high
        }
        long floats = 12 + (alpha ? 4 : 0);
        return raster + floats + (orientation == ExifOrientation.NORMAL ? 0 : floats);
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%,d MB", (bytes + 999_999) / 1_000_000);
    }

    /** The messages of a failure and its causes; a bare EOFException is named as truncation. */
    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        boolean truncated = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            truncated |= t instanceof EOFException;
            String m = t.getMessage();
            if (m != null && !m.isBlank() && sb.indexOf(m) < 0) {
                sb.append(sb.length() == 0 ? "" : ": ").append(m);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (truncated) {
            sb.append(sb.length() == 0 ? "" : " ").append("(unexpected end of file: truncated)");
        }
        return sb.length() == 0 ? e.getClass().getName() : sb.toString();
    }

    private static TreeSet<String> readableFormats() {
        TreeSet<String> names = new TreeSet<>();
        for (String n : ImageIO.getReaderFormatNames()) {
            names.add(n.toLowerCase(Locale.ROOT));
        }
        return names;
    }

    private static String firstBytes(Path file) throws IOException {
        byte[] head;
        try (InputStream s = Files.newInputStream(file)) {
            head = s.readNBytes(8);
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : head) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format("%02x", b & 0xff));
        }
        return sb.toString();
    }

    /**
     * Writes an 8-bit RGB PNG (lossless: every sample rounded to the nearest of 256 levels),
     * atomically.
     *
     * @param image float RGB in [0, 1]
     * @param target the file to create or replace
     * @throws IOException if writing fails; the previous target is then untouched
     */
    public static void writePng(RgbImage image, Path target) throws IOException {
        writePng(image, target, null);
    }

    /**
     * Like {@link #writePng(RgbImage, Path)} but refuses to replace the image's source file.
     *
     * @param image float RGB in [0, 1]
     * @param target the file to create or replace
     * @param sourceToProtect the file the image was read from, or null
     * @throws IllegalArgumentException if target and source are the same file (both are named)
     * @throws IOException if writing fails; the previous target is then untouched
     */
    public static void writePng(RgbImage image, Path target, Path sourceToProtect) throws IOException {
        writePng(image, null, target, sourceToProtect);
    }

    /**
     * Writes an 8-bit PNG with an alpha channel (RGBA, not premultiplied), or an RGB one if alpha is
     * null, atomically and never over the source. No metadata is written: no orientation (the
     * pixels are upright) and no colour profile (they are sRGB).
     *
     * @param image float RGB in [0, 1]
     * @param alpha the alpha to store with it, in [0, 1] (e.g. {@link DecodedImage#alpha()} of the
     *     input), same size as the image; null for an opaque image
     * @param target the file to create or replace
     * @param sourceToProtect the file the image was read from, or null
     * @throws IllegalArgumentException if the sizes differ or target and source are the same file
     *     (the message names both)
     * @throws IOException if writing fails; the previous target is then untouched
     */
    public static void writePng(RgbImage image, Mask alpha, Path target, Path sourceToProtect) throws IOException {
        requireImage(image);
        // Rows are packed as the PNG writer asks for them: no 8-bit copy of the whole image.
        RenderedImage pixels = new PlanarRenderedImage(image, alpha);
        writeAtomically(target, sourceToProtect, out -> encode(pixels, "png", null, out));
    }

    /**
     * Writes an 8-bit baseline JPEG (JFIF, YCbCr with 4:2:0 chroma subsampling, ImageIO's defaults)
     * atomically.
     *
     * @param image float RGB in [0, 1]
     * @param target the file to create or replace
     * @param quality in [1, 100] on the IJG scale that PIL's {@code quality=} and libjpeg's
     *     {@code -quality} use (the standard tables scaled alike); the MediaEval task's submissions
     *     used 75 ({@code PaperMethods.SUBMISSION_JPEG_QUALITY} in privacy-paper)
     * @throws IOException if writing fails; the previous target is then untouched
     */
    public static void writeJpeg(RgbImage image, Path target, int quality) throws IOException {
        writeJpeg(image, target, quality, null);
    }

    /**
     * Like {@link #writeJpeg(RgbImage, Path, int)} but refuses to replace the image's source file.
     *
     * @param image float RGB in [0, 1]
     * @param target the file to create or replace
     * @param quality in [1, 100] on the IJG / PIL scale
     * @param sourceToProtect the file the image was read from, or null
     * @throws IllegalArgumentException if quality is outside [1, 100] or target and source are the
     *     same file (both are named)
     * @throws IOException if writing fails; the previous target is then untouched
     */
    public static void writeJpeg(RgbImage image, Path target, int quality, Path sourceToProtect)
            throws IOException {
        requireImage(image);
        BufferedImage pixels = ImageConversions.toBufferedImage(image);
        ParamSetup params = jpegParams(quality);
        writeAtomically(target, sourceToProtect, out -> encode(pixels, "jpeg", params, out));
    }

    /**
     * The bytes {@link #writePng(RgbImage, Mask, Path, Path)} writes, in memory (for a caller that
     * writes them itself, through its own atomic plan, say): 8-bit RGB or RGBA, no metadata, rows
     * packed as the PNG writer asks for them.
     *
     * @param image float RGB in [0, 1]
     * @param alpha its alpha in [0, 1], same size, or null for an opaque image
     * @return the PNG file's bytes
     * @throws IOException if the encoder fails
     */
    public static byte[] encodePng(RgbImage image, Mask alpha) throws IOException {
        requireImage(image);
        ChunkedBytes bytes = new ChunkedBytes(); // no doubling array: a large photo's PNG makes one large array
        encode(new PlanarRenderedImage(image, alpha), "png", null, bytes);
        return bytes.toByteArray();
    }

    /**
     * The bytes {@link #writeJpeg(RgbImage, Path, int)} writes, in memory.
     *
     * @param image float RGB in [0, 1]
     * @param quality in [1, 100] on the IJG / PIL scale
     * @return the JPEG file's bytes: baseline, no metadata
     * @throws IOException if the encoder fails
     */
    public static byte[] encodeJpeg(RgbImage image, int quality) throws IOException {
        requireImage(image);
        ParamSetup params = jpegParams(quality);
        ChunkedBytes bytes = new ChunkedBytes();
        encode(ImageConversions.toBufferedImage(image), "jpeg", params, bytes);
        return bytes.toByteArray();
    }

    /**
     * What a reader of a JPEG written by {@link #writeJpeg(RgbImage, Path, int)} sees: the image
     * encoded and decoded in memory, for measuring what a JPEG output does to an attack.
     *
     * @param image float RGB in [0, 1]
     * @param quality in [1, 100] on the IJG / PIL scale
     * @return the decoded image, 8-bit levels
     */
    public static RgbImage jpegRoundTrip(RgbImage image, int quality) {
        requireImage(image);
        ParamSetup params = jpegParams(quality);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            encode(ImageConversions.toBufferedImage(image), "jpeg", params, bytes);
            BufferedImage decoded = ImageIO.read(new java.io.ByteArrayInputStream(bytes.toByteArray()));
            if (decoded == null) {
                throw new IllegalStateException("ImageIO could not decode the JPEG it had just written");
            }
            return ImageConversions.toRgbImage(decoded);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("in-memory JPEG encoding failed", e);
        }
    }

    private static ParamSetup jpegParams(int quality) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be in [1, 100] but was " + quality);
        }
        return param -> {
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            // ImageIO maps quality q in [0, 1] to the IJG scaling of quality 100 q.
            param.setCompressionQuality(quality / 100f);
        };
    }

    private static void requireImage(RgbImage image) {
        if (image == null) {
            throw new IllegalArgumentException("image must not be null");
        }
    }

    /** Checks the target against the source, then writes through {@link AtomicFiles}. */
    static void writeAtomically(Path target, Path sourceToProtect, AtomicFiles.Writer writer) throws IOException {
        if (target == null) {
            throw new IllegalArgumentException("target must not be null");
        }
        if (sourceToProtect != null) {
            requireDifferentFiles(target, sourceToProtect);
        }
        AtomicFiles.write(target, writer);
    }

    private static void requireDifferentFiles(Path target, Path source) throws IOException {
        boolean same = target.toAbsolutePath().normalize().equals(source.toAbsolutePath().normalize());
        if (!same && Files.exists(target) && Files.exists(source)) {
            same = Files.isSameFile(target, source); // symbolic and hard links, case-insensitive names
        }
        if (same) {
            throw new IllegalArgumentException("refusing to overwrite the source image: target " + target
                    + " is the same file as source " + source);
        }
    }

    @FunctionalInterface
    private interface ParamSetup {
        void apply(ImageWriteParam param);
    }

    private static void encode(RenderedImage pixels, String format, ParamSetup setup, java.io.OutputStream out)
            throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
        if (!writers.hasNext()) {
            throw new IOException("no javax.imageio writer for " + format);
        }
        ImageWriter writer = writers.next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (setup != null) {
                setup.apply(param);
            }
            // A memory cache, not ImageIO.createImageOutputStream: that may cache in java.io.tmpdir.
            try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(ios);
                writer.write(null, new IIOImage(pixels, null, null), param);
            }
        } finally {
            writer.dispose();
        }
    }
}
