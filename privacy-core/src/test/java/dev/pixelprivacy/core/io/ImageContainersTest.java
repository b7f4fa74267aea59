package dev.pixelprivacy.core.io;

import dev.pixelprivacy.core.testing.PhotoFiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageContainersTest {
    @TempDir
    Path dir;

    private static final byte[][] MAGICS = {
        {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe1},
        {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
        {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P'},
        {'I', 'I', 42, 0},
        {'M', 'M', 0, 42},
        {0, 0, 0, 24, 'f', 't', 'y', 'p'},
    };

    @Test
    void garbageAfterEveryContainersMagicReadsAsNormalWithoutThrowing() throws IOException {
        Random rnd = new Random(81);
        Path file = dir.resolve("garbage");
        for (int i = 0; i < 1200; i++) {
            byte[] magic = MAGICS[i % MAGICS.length];
            byte[] bytes = new byte[magic.length + rnd.nextInt(200)];
            rnd.nextBytes(bytes);
            System.arraycopy(magic, 0, bytes, 0, magic.length);
            PhotoFiles.writeBytes(file, bytes);
            assertThat(ImageContainers.orientation(file)).isNotNull();
            ImageContainers.heifKind(file);
            ImageContainers.jpegIccProfile(file);
        }
    }

    @Test
    void everyTruncationOfAJpegWithExifReadsWithoutThrowing() throws IOException {
        byte[] full = PhotoFiles.jpegWithExif(PhotoFiles.encode(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB),
                "jpeg"), PhotoFiles.exifTiff(5, true));
        Path file = dir.resolve("cut.jpg");
        // SOI, APP1 marker and length, "Exif\0\0", TIFF header, entry count, two entries: the
        // orientation's entry is complete from here on (the next-IFD offset after it is not needed)
        int entryEnd = 2 + 4 + 6 + 8 + 2 + 2 * 12;
        for (int n = 0; n <= full.length; n += n < entryEnd + 8 ? 1 : 97) {
            PhotoFiles.writeBytes(file, Arrays.copyOf(full, n));
            ExifOrientation o = ImageContainers.orientation(file); // cut anywhere: no exception
            if (n >= entryEnd) {
                assertThat(o).as("%d bytes: the orientation entry is there", n).isEqualTo(ExifOrientation.TRANSPOSE);
            } else {
                assertThat(o).as("%d bytes: the entry is cut", n).isEqualTo(ExifOrientation.NORMAL);
            }
        }
    }

    @Test
    void jpegWhoseApp1IsNotExifReadsAsNormal() throws IOException {
        byte[] jpeg = PhotoFiles.encode(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "jpeg");
        byte[] xmp = PhotoFiles.jpegWithExif(jpeg, PhotoFiles.exifTiff(6, false));
        xmp[6] = 'h'; // "hxif": an APP1 of another kind (XMP starts "http://ns.adobe.com/")
        assertThat(ImageContainers.orientation(PhotoFiles.writeBytes(dir.resolve("x.jpg"), xmp)))
                .isEqualTo(ExifOrientation.NORMAL);
    }
}
