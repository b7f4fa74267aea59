package dev.pixelprivacy.dl4j.keras.internal;

import static org.bytedeco.hdf5.global.hdf5.H5Aclose;
import static org.bytedeco.hdf5.global.hdf5.H5Acreate2;
import static org.bytedeco.hdf5.global.hdf5.H5Awrite;
import static org.bytedeco.hdf5.global.hdf5.H5Dclose;
import static org.bytedeco.hdf5.global.hdf5.H5Dcreate2;
import static org.bytedeco.hdf5.global.hdf5.H5Dwrite;
import static org.bytedeco.hdf5.global.hdf5.H5F_ACC_TRUNC;
import static org.bytedeco.hdf5.global.hdf5.H5Fclose;
import static org.bytedeco.hdf5.global.hdf5.H5Fcreate;
import static org.bytedeco.hdf5.global.hdf5.H5Gclose;
import static org.bytedeco.hdf5.global.hdf5.H5Gcreate2;
import static org.bytedeco.hdf5.global.hdf5.H5P_DEFAULT;
import static org.bytedeco.hdf5.global.hdf5.H5S_ALL;
import static org.bytedeco.hdf5.global.hdf5.H5S_SCALAR;
import static org.bytedeco.hdf5.global.hdf5.H5Sclose;
import static org.bytedeco.hdf5.global.hdf5.H5Screate;
import static org.bytedeco.hdf5.global.hdf5.H5Screate_simple;
import static org.bytedeco.hdf5.global.hdf5.H5T_C_S1_g;
import static org.bytedeco.hdf5.global.hdf5.H5T_IEEE_F32LE_g;
import static org.bytedeco.hdf5.global.hdf5.H5T_NATIVE_FLOAT_g;
import static org.bytedeco.hdf5.global.hdf5.H5T_STR_NULLPAD;
import static org.bytedeco.hdf5.global.hdf5.H5Tclose;
import static org.bytedeco.hdf5.global.hdf5.H5Tcopy;
import static org.bytedeco.hdf5.global.hdf5.H5Tset_size;
import static org.bytedeco.hdf5.global.hdf5.H5Tset_strpad;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Writes the HDF5 layout of Keras 2's {@code model.save}: groups, fixed-length string attributes (as
 * h5py writes numpy byte strings) and float32 datasets. Shares {@link Hdf5Reader}'s lock (the HDF5
 * library is not thread-safe). Close it to finish the file.
 */
public final class Hdf5Writer implements AutoCloseable {
    private final String target;
    private long file;

    private Hdf5Writer(String target, long file) {
        this.target = target;
        this.file = file;
    }

    /**
     * @param path the file to create (replaced if it exists)
     * @return a writer
     * @throws IOException if the HDF5 library cannot create it
     */
    public static Hdf5Writer create(Path path) throws IOException {
        synchronized (Hdf5Reader.LOCK) {
            Hdf5Reader.initialise();
            // the 1.8 file format: attributes over 64 KiB (a large model_config) go to dense storage
            long fapl = org.bytedeco.hdf5.global.hdf5.H5Pcreate(org.bytedeco.hdf5.global.hdf5.H5P_CLS_FILE_ACCESS_ID_g());
            org.bytedeco.hdf5.global.hdf5.H5Pset_libver_bounds(fapl, org.bytedeco.hdf5.global.hdf5.H5F_LIBVER_V18,
                    org.bytedeco.hdf5.global.hdf5.H5F_LIBVER_LATEST);
            long f = H5Fcreate(path.toAbsolutePath().toString(), H5F_ACC_TRUNC(), H5P_DEFAULT, fapl);
            org.bytedeco.hdf5.global.hdf5.H5Pclose(fapl);
            if (f < 0) {
                throw new IOException("the HDF5 library cannot create " + path);
            }
            return new Hdf5Writer(path.toString(), f);
        }
    }

    /** Creates the group at the absolute path (its parent must exist). */
    public void group(String path) throws IOException {
        synchronized (Hdf5Reader.LOCK) {
            long g = H5Gcreate2(file, path, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
            if (g < 0) {
                throw new IOException(target + ": cannot create group " + path);
            }
            H5Gclose(g);
        }
    }

    /**
     * @param objectPath the group ("/" for the file)
     * @param name the attribute
     * @param values one string for a scalar attribute, else a 1-D array of them
     * @param scalar whether to write a scalar (one value)
     */
    public void strings(String objectPath, String name, List<String> values, boolean scalar) throws IOException {
        synchronized (Hdf5Reader.LOCK) {
            byte[][] b = new byte[values.size()][];
            int size = 1;
            for (int i = 0; i < b.length; i++) {
                b[i] = values.get(i).getBytes(StandardCharsets.UTF_8);
                size = Math.max(size, b[i].length);
            }
            byte[] all = new byte[size * b.length];
            for (int i = 0; i < b.length; i++) {
                System.arraycopy(b[i], 0, all, i * size, b[i].length);
            }
            long type = H5Tcopy(H5T_C_S1_g());
            H5Tset_size(type, size);
            H5Tset_strpad(type, H5T_STR_NULLPAD);
            long space = scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, new long[] {b.length}, null);
            long obj = objectPath.equals("/") ? file : org.bytedeco.hdf5.global.hdf5.H5Gopen2(file, objectPath, H5P_DEFAULT);
            long a = H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
            try (BytePointer p = new BytePointer(all)) {
                if (a < 0 || H5Awrite(a, type, p) < 0) {
                    throw new IOException(target + ": cannot write attribute " + name + " of " + objectPath);
                }
            } finally {
                if (a >= 0) {
                    H5Aclose(a);
                }
                if (obj != file) {
                    H5Gclose(obj);
                }
                H5Sclose(space);
                H5Tclose(type);
            }
        }
    }

    /** Writes a float32 dataset at the absolute path (its group must exist). */
    public void floats(String path, long[] shape, float[] values) throws IOException {
        synchronized (Hdf5Reader.LOCK) {
            long space = H5Screate_simple(shape.length, shape, null);
            long d = H5Dcreate2(file, path, H5T_IEEE_F32LE_g(), space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
            try (FloatPointer p = new FloatPointer(values)) {
                if (d < 0 || H5Dwrite(d, H5T_NATIVE_FLOAT_g(), H5S_ALL, H5S_ALL, H5P_DEFAULT, p) < 0) {
                    throw new IOException(target + ": cannot write dataset " + path);
                }
            } finally {
                if (d >= 0) {
                    H5Dclose(d);
                }
                H5Sclose(space);
            }
        }
    }

    @Override
    public void close() {
        synchronized (Hdf5Reader.LOCK) {
            if (file >= 0) {
                H5Fclose(file);
                file = -1;
            }
        }
    }
}
