package io.cardkey.core.internal;

import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.LedgerRecord;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots of the inventory in a data directory, so opening replays only the ledger records written after the newest
 * one instead of the whole ledger.
 *
 * <p>A snapshot is {@code inventory/snapshot-<sequence>.bin}: the magic {@code CKINVSNP}, a format number, the ledger
 * sequence number it reflects and the hash of that ledger record, the store's content (see {@link
 * InMemoryInventoryStore#writeSnapshot}: sealed secrets and blind indexes, never a plaintext code), then {@code
 * CKINVEND} and the CRC32C of everything before it. It is written to a temporary file, forced to disk, renamed into
 * place and the directory forced, so a crash leaves the old snapshot or the new one, never half of one; the newest
 * {@value #KEEP} are kept.
 *
 * <p>On open the newest snapshot is loaded if its checksum holds, its format is this version's and the ledger still
 * holds the record it names with the same hash; otherwise it is skipped with a warning and the next older one (or a
 * full replay) is used, so a damaged or mismatched snapshot costs time, never correctness.
 *
 * <p>Thread-safe: writes are serialised.
 */
public final class InventorySnapshots {
    /** The snapshot directory inside a data directory. */
    public static final String DIRECTORY = "inventory";

    static final int KEEP = 2;
    private static final Logger LOG = LoggerFactory.getLogger(InventorySnapshots.class);
    private static final byte[] MAGIC = "CKINVSNP".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "CKINVEND".getBytes(StandardCharsets.US_ASCII);
    private static final int FORMAT = 2;
    private static final String PREFIX = "snapshot-";
    private static final String SUFFIX = ".bin";
    private static final String TEMP = "snapshot.tmp";

    private final Path directory;

    /**
     * Snapshots of one data directory.
     *
     * @param dataDirectory the data directory
     */
    public InventorySnapshots(Path dataDirectory) {
        this.directory = Objects.requireNonNull(dataDirectory, "dataDirectory").resolve(DIRECTORY);
    }

    /**
     * What {@link #open} built.
     *
     * @param store the inventory
     * @param snapshotSequence the ledger sequence number of the snapshot it started from, 0 for a full replay
     * @param replayed how many ledger records were replayed after it
     * @param unfinished the stockings found recorded but neither committed nor aborted, whose abort the opener records
     */
    public record Opened(
            InMemoryInventoryStore store,
            long snapshotSequence,
            long replayed,
            List<InventoryRebuild.Unfinished> unfinished) {
        /** Copies the list. */
        public Opened {
            unfinished = List.copyOf(unfinished);
        }
    }

    /**
     * Builds the inventory of the ledger: the newest valid snapshot plus the records after it, or a full replay.
     *
     * @param ledger the data directory's ledger
     * @return the inventory
     */
    public Opened open(Ledger ledger) {
        Objects.requireNonNull(ledger, "ledger");
        return open(ledger, ledger.lastSequence());
    }

    /** Builds the inventory of the ledger's records up to {@code upTo}. */
    private Opened open(Ledger ledger, long upTo) {
        for (Path file : snapshots()) {
            if (sequenceOf(file) > upTo) {
                continue;
            }
            InMemoryInventoryStore store = new InMemoryInventoryStore();
            long sequence;
            try {
                sequence = read(file, ledger, store);
            } catch (IOException | RuntimeException e) {
                LOG.warn("inventory snapshot {} is ignored: {}", file.getFileName(), e.getMessage());
                continue;
            }
            try {
                InventoryRebuild.Rebuilt rebuilt = InventoryRebuild.replay(ledger, store, sequence + 1, upTo);
                return new Opened(store, sequence, rebuilt.replayed(), rebuilt.unfinished());
            } catch (RuntimeException e) {
                LOG.warn(
                        "the ledger records after inventory snapshot {} do not apply to it ({}); it is ignored",
                        file.getFileName(),
                        e.getMessage());
            }
        }
        InMemoryInventoryStore store = new InMemoryInventoryStore();
        InventoryRebuild.Rebuilt rebuilt = InventoryRebuild.replay(ledger, store, 1, upTo);
        return new Opened(store, 0, rebuilt.replayed(), rebuilt.unfinished());
    }

    /**
     * Writes a snapshot of the ledger's records up to {@code upTo}, built apart from the live inventory: the newest
     * valid snapshot at or before {@code upTo} plus a replay of the records after it, into a store of its own. It
     * reads only the ledger and the snapshot files, so the sales that go on meanwhile never wait for it; it costs a
     * second copy of the inventory in memory while it runs. No snapshot is written while a stocking is part way
     * recorded at {@code upTo} (its codes are not stock yet, and its commit may never come): the caller tries again
     * later.
     *
     * <p>A snapshot may name a record that is not yet durable; if a crash loses that record, the next open finds the
     * ledger shorter or the record different and falls back to the older snapshot, which is kept.
     *
     * @param ledger the data directory's ledger
     * @param upTo the last record the snapshot reflects, at most {@link Ledger#lastSequence()}
     * @return the sequence number written, 0 if no snapshot was written
     * @throws UncheckedIOException if writing fails (the previous snapshots stay as they were)
     */
    public long writeFromLedger(Ledger ledger, long upTo) {
        Objects.requireNonNull(ledger, "ledger");
        List<Path> existing = snapshots();
        if (upTo < 1 || (!existing.isEmpty() && sequenceOf(existing.get(0)) >= upTo)) {
            return 0;
        }
        Opened built = open(ledger, upTo);
        if (!built.unfinished().isEmpty() || built.snapshotSequence() >= upTo) {
            return 0;
        }
        return write(built.store(), ledger, upTo);
    }

    /**
     * Writes a snapshot of {@code store}, which must hold exactly what the ledger's records up to its last one
     * recorded (no change applied but not yet recorded), and drops all but the newest {@value #KEEP}.
     *
     * @param store the inventory
     * @param ledger its ledger
     * @return the ledger sequence number the snapshot reflects, 0 if the ledger is empty (nothing written)
     * @throws UncheckedIOException if writing fails (the previous snapshots stay as they were)
     */
    public long write(InMemoryInventoryStore store, Ledger ledger) {
        return write(store, ledger, ledger.lastSequence());
    }

    /** Writes a snapshot of {@code store}, which holds what the ledger's records up to {@code sequence} recorded. */
    private synchronized long write(InMemoryInventoryStore store, Ledger ledger, long sequence) {
        if (sequence == 0) {
            return 0;
        }
        byte[] hash = ledger.record(sequence).hash();
        Path temp = directory.resolve(TEMP);
        try {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(
                    temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                CRC32C crc = new CRC32C();
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                        new CheckedOutputStream(Channels.newOutputStream(channel), crc), 1 << 20));
                out.write(MAGIC);
                out.writeInt(FORMAT);
                out.writeLong(sequence);
                out.writeByte(hash.length);
                out.write(hash);
                store.writeSnapshot(out);
                out.flush();
                ByteBuffer trailer = ByteBuffer.allocate(END.length + 8);
                trailer.put(END).putLong(crc.getValue()).flip();
                while (trailer.hasRemaining()) {
                    channel.write(trailer);
                }
                channel.force(true);
            }
            Files.move(
                    temp,
                    directory.resolve(name(sequence)),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            forceDirectory();
            List<Path> all = snapshots();
            for (Path old : all.subList(Math.min(KEEP, all.size()), all.size())) {
                Files.deleteIfExists(old);
            }
            return sequence;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("writing an inventory snapshot to " + directory + " failed", e);
        }
    }

    /** Returns the snapshot files, newest first. */
    List<Path> snapshots() {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
            for (Path file : stream) {
                if (sequenceOf(file) > 0) {
                    files.add(file);
                }
            }
        } catch (NoSuchFileException none) {
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("listing inventory snapshots in " + directory + " failed", e);
        }
        files.sort(Comparator.comparingLong(InventorySnapshots::sequenceOf).reversed());
        return files;
    }

    /** Reads a snapshot into {@code store}; returns the ledger sequence number it reflects. */
    private static long read(Path file, Ledger ledger, InMemoryInventoryStore store) throws IOException {
        long size = Files.size(file);
        int minimum = MAGIC.length + 4 + 8 + 1 + END.length + 8;
        if (size < minimum) {
            throw new IllegalStateException("it is truncated (" + size + " bytes)");
        }
        long body = size - END.length - 8;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            CRC32C crc = new CRC32C();
            InputStream limited = new BoundedInputStream(Channels.newInputStream(channel), body);
            DataInputStream in =
                    new DataInputStream(new BufferedInputStream(new CheckedInputStream(limited, crc), 1 << 20));
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalStateException("it is not an inventory snapshot");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalStateException("its format is " + format + "; this version reads " + FORMAT);
            }
            long sequence = in.readLong();
            byte[] hash = new byte[in.readUnsignedByte()];
            in.readFully(hash);
            if (sequence < 1 || sequence > ledger.lastSequence()) {
                throw new IllegalStateException(
                        "it reflects ledger record " + sequence + " but the ledger ends at " + ledger.lastSequence());
            }
            LedgerRecord record = ledger.record(sequence);
            if (!Arrays.equals(record.hash(), hash)) {
                throw new IllegalStateException("ledger record " + sequence + " has a different hash than it names");
            }
            store.readSnapshot(in, size);
            if (in.read() != -1) {
                throw new IllegalStateException("it has bytes after its content");
            }
            ByteBuffer trailer = ByteBuffer.allocate(END.length + 8);
            channel.position(body);
            while (trailer.hasRemaining() && channel.read(trailer) >= 0) {
                // Read the whole trailer.
            }
            trailer.flip();
            byte[] end = new byte[END.length];
            trailer.get(end);
            if (!Arrays.equals(end, END) || trailer.getLong() != crc.getValue()) {
                throw new IllegalStateException("its checksum does not match its content");
            }
            return sequence;
        } catch (EOFException e) {
            throw new IllegalStateException("it is truncated", e);
        }
    }

    private void forceDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory for reading; the rename is then as durable as they make it.
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }

    private static String name(long sequence) {
        return String.format("%s%020d%s", PREFIX, sequence, SUFFIX);
    }

    private static long sequenceOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Reads at most {@code limit} bytes of a stream. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedInputStream(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left == 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
