package io.cardkey.ledger.internal.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * The few file-system operations the journal uses. Production code uses {@link RealFileIo}; the simulation tests plug
 * in a file system that tears writes, loses unsynced data and crashes on purpose, so every durability claim of the
 * journal is checked against a hostile disk.
 */
public interface FileIo {

    /** Creates the directory and its parents if missing. */
    void createDirectories(Path directory) throws IOException;

    /** Lists the names of the regular files directly in {@code directory}. */
    List<String> list(Path directory) throws IOException;

    /** Opens (creating if {@code create}) a file for reading and writing. */
    Handle open(Path file, boolean create) throws IOException;

    /** Deletes the file if it exists. */
    void deleteIfExists(Path file) throws IOException;

    /** Renames {@code source} to {@code target} atomically, replacing {@code target}. */
    void atomicMove(Path source, Path target) throws IOException;

    /** Makes the directory's entries (created, renamed, deleted files) durable. */
    void syncDirectory(Path directory) throws IOException;

    /**
     * Takes an exclusive lock on {@code lockFile} and writes {@code owner} into it.
     *
     * @return the lock (close to release), or {@code null} if somebody else holds it
     */
    Closeable tryLock(Path lockFile, byte[] owner) throws IOException;

    /** Reads a small file whole (used for the lock holder's description). */
    byte[] readAll(Path file) throws IOException;

    /** An open file. Positional reads and writes may run concurrently from different threads. */
    interface Handle extends Closeable {
        /** Returns the current size in bytes. */
        long size() throws IOException;

        /** Reads into {@code dst} from {@code position}; returns the bytes read, or -1 at end of file. */
        int read(ByteBuffer dst, long position) throws IOException;

        /** Writes all remaining bytes of {@code src} at {@code position}. */
        void write(ByteBuffer src, long position) throws IOException;

        /** Forces written data (and the size) to stable storage. */
        void force() throws IOException;

        /** Cuts the file to {@code size} bytes. */
        void truncate(long size) throws IOException;
    }
}
