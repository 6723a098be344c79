package io.cardkey.ledger.internal.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A deterministic, hostile in-memory file system for the journal simulation (in the spirit of TigerBeetle's VOPR).
 *
 * <p>It keeps, per file, what a reader sees now and what is on "stable storage". Only {@code force} moves data to
 * stable storage, only {@code syncDirectory} makes created, renamed and deleted names stable. A {@link #crash()} throws
 * away everything volatile the way a power cut does: the sectors that unsynced writes touched are lost, kept, or torn
 * (every 512-byte sector kept or lost independently; a file's size grows only over kept data), and a random prefix of
 * the unsynced directory operations survives. A crash can also be scheduled at the n-th operation, which then fails (a write being
 * in flight at that moment may or may not have reached the page cache) and every later operation fails too.
 *
 * <p>Simplification: {@code truncate} is durable at once (the journal forces after it anyway).
 */
final class SimulatedFileSystem implements FileIo {
    /** Thrown by every operation once the simulated machine has crashed. */
    static final class SimulatedCrash extends IOException {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String message) {
            super(message);
        }
    }

    private static final class Inode {
        byte[] live = new byte[0];
        int liveSize;
        byte[] stable = new byte[0];
        int stableSize;
        final List<long[]> unsyncedRanges = new ArrayList<>();
        final List<byte[]> unsyncedData = new ArrayList<>();

        Inode copyStable() {
            Inode copy = new Inode();
            copy.stable = Arrays.copyOf(stable, stableSize);
            copy.stableSize = stableSize;
            copy.live = Arrays.copyOf(stable, stableSize);
            copy.liveSize = stableSize;
            return copy;
        }

        void ensureLive(int size) {
            if (live.length < size) {
                live = Arrays.copyOf(live, Math.max(size, live.length * 2));
            }
        }
    }

    private record DirOp(String kind, String a, String b, Inode inode) {}

    private final Random random;
    private final Map<String, Inode> liveDir = new TreeMap<>();
    private final Map<String, Inode> stableDir = new TreeMap<>();
    private final List<DirOp> unsyncedDirOps = new ArrayList<>();
    private long operations;
    private long crashAt = Long.MAX_VALUE;
    private boolean crashed;
    private boolean locked;
    private byte[] lockOwner = new byte[0];
    private long forces;
    private long writes;

    SimulatedFileSystem(Random random) {
        this.random = random;
    }

    /** Makes the {@code n}-th operation from now (1 = the next one) fail and crash the machine. */
    void crashAfter(long n) {
        crashAt = operations + n;
    }

    long forces() {
        return forces;
    }

    long writes() {
        return writes;
    }

    boolean crashed() {
        return crashed;
    }

    /**
     * Cuts the power: returns the file system as the next boot finds it. This instance stays dead (every operation on
     * it fails), like the old process's handles.
     */
    SimulatedFileSystem crash() {
        crashed = true;
        SimulatedFileSystem next = new SimulatedFileSystem(random);
        Map<String, Inode> dir = new TreeMap<>(stableDir);
        int keptOps = unsyncedDirOps.isEmpty() ? 0 : random.nextInt(unsyncedDirOps.size() + 1);
        for (DirOp op : unsyncedDirOps.subList(0, keptOps)) {
            apply(dir, op);
        }
        Map<Inode, Inode> rebuilt = new java.util.IdentityHashMap<>();
        for (Map.Entry<String, Inode> e : dir.entrySet()) {
            Inode image = rebuilt.computeIfAbsent(e.getValue(), this::afterPowerCut);
            next.liveDir.put(e.getKey(), image);
            next.stableDir.put(e.getKey(), image);
        }
        return next;
    }

    private static void apply(Map<String, Inode> dir, DirOp op) {
        switch (op.kind()) {
            case "create" -> dir.put(op.a(), op.inode());
            case "delete" -> dir.remove(op.a());
            case "move" -> {
                Inode moved = dir.remove(op.a());
                if (moved != null) {
                    dir.put(op.b(), moved);
                }
            }
            default -> throw new IllegalStateException(op.kind());
        }
    }

    /**
     * What the disk holds of a file after the power went: sectors touched by unsynced writes are all lost, all kept, or
     * each kept or lost at random (torn). A kept sector holds its whole current content (the page cache writes whole
     * pages, so two writes into one sector cannot be split); a lost one keeps its stable content. The size grows
     * only over kept sectors.
     */
    private Inode afterPowerCut(Inode inode) {
        Inode image = inode.copyStable();
        java.util.TreeSet<Long> dirty = new java.util.TreeSet<>();
        for (int i = 0; i < inode.unsyncedRanges.size(); i++) {
            long offset = inode.unsyncedRanges.get(i)[0];
            long end = offset + inode.unsyncedData.get(i).length;
            for (long sector = offset / 512 * 512; sector < end; sector += 512) {
                dirty.add(sector);
            }
        }
        int fate = random.nextInt(3); // 0 lost, 1 kept, 2 torn
        for (long sector : dirty) {
            if (fate == 0 || (fate == 2 && random.nextBoolean())) {
                continue;
            }
            long to = Math.min(sector + 512, inode.liveSize);
            if (to <= sector) {
                continue;
            }
            image.ensureLive((int) to);
            System.arraycopy(inode.live, (int) sector, image.live, (int) sector, (int) (to - sector));
            image.liveSize = (int) Math.max(image.liveSize, to);
        }
        image.stable = Arrays.copyOf(image.live, image.liveSize);
        image.stableSize = image.liveSize;
        return image;
    }

    private void step(String what) throws IOException {
        if (crashed) {
            throw new SimulatedCrash("machine crashed before " + what);
        }
        operations++;
        if (operations == crashAt) {
            crashed = true;
            throw new SimulatedCrash("injected crash during " + what + " (operation " + operations + ")");
        }
    }

    private static String key(Path path) {
        return path.toString();
    }

    @Override
    public void createDirectories(Path directory) throws IOException {
        step("createDirectories");
    }

    @Override
    public List<String> list(Path directory) throws IOException {
        step("list");
        String prefix = key(directory) + "/";
        List<String> names = new ArrayList<>();
        for (String name : liveDir.keySet()) {
            if (name.startsWith(prefix) && name.indexOf('/', prefix.length()) < 0) {
                names.add(name.substring(prefix.length()));
            }
        }
        return names;
    }

    @Override
    public Handle open(Path file, boolean create) throws IOException {
        step("open " + file.getFileName());
        Inode inode = liveDir.get(key(file));
        if (inode == null) {
            if (!create) {
                throw new java.nio.file.NoSuchFileException(file.toString());
            }
            inode = new Inode();
            liveDir.put(key(file), inode);
            unsyncedDirOps.add(new DirOp("create", key(file), null, inode));
        }
        return new SimHandle(inode, file);
    }

    @Override
    public void deleteIfExists(Path file) throws IOException {
        step("delete " + file.getFileName());
        if (liveDir.remove(key(file)) != null) {
            unsyncedDirOps.add(new DirOp("delete", key(file), null, null));
        }
    }

    @Override
    public void atomicMove(Path source, Path target) throws IOException {
        step("move " + source.getFileName());
        Inode inode = liveDir.remove(key(source));
        if (inode == null) {
            throw new java.nio.file.NoSuchFileException(source.toString());
        }
        liveDir.put(key(target), inode);
        unsyncedDirOps.add(new DirOp("move", key(source), key(target), null));
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        step("syncDirectory");
        stableDir.clear();
        stableDir.putAll(liveDir);
        unsyncedDirOps.clear();
    }

    @Override
    public Closeable tryLock(Path lockFile, byte[] owner) throws IOException {
        step("lock");
        if (locked) {
            return null;
        }
        locked = true;
        lockOwner = owner.clone();
        return () -> locked = false;
    }

    @Override
    public byte[] readAll(Path file) throws IOException {
        step("readAll");
        return lockOwner.clone();
    }

    private final class SimHandle implements Handle {
        private final Inode inode;
        private final Path path;

        SimHandle(Inode inode, Path path) {
            this.inode = inode;
            this.path = path;
        }

        @Override
        public long size() throws IOException {
            step("size " + path.getFileName());
            return inode.liveSize;
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            step("read " + path.getFileName());
            if (position >= inode.liveSize) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), inode.liveSize - position);
            dst.put(inode.live, (int) position, n);
            return n;
        }

        @Override
        public void write(ByteBuffer src, long position) throws IOException {
            byte[] data = new byte[src.remaining()];
            src.get(data);
            writes++;
            try {
                step("write " + path.getFileName());
            } catch (SimulatedCrash crash) {
                if (random.nextBoolean()) {
                    record(data, position); // the write reached the page cache before the power went
                }
                throw crash;
            }
            record(data, position);
        }

        private void record(byte[] data, long position) {
            int end = (int) (position + data.length);
            inode.ensureLive(end);
            System.arraycopy(data, 0, inode.live, (int) position, data.length);
            inode.liveSize = Math.max(inode.liveSize, end);
            inode.unsyncedRanges.add(new long[] {position});
            inode.unsyncedData.add(data);
        }

        @Override
        public void force() throws IOException {
            step("force " + path.getFileName());
            forces++;
            inode.stable = Arrays.copyOf(inode.live, inode.liveSize);
            inode.stableSize = inode.liveSize;
            inode.unsyncedRanges.clear();
            inode.unsyncedData.clear();
        }

        @Override
        public void truncate(long size) throws IOException {
            step("truncate " + path.getFileName());
            if (size < inode.liveSize) {
                Arrays.fill(inode.live, (int) size, inode.liveSize, (byte) 0);
                inode.liveSize = (int) size;
            }
            if (size < inode.stableSize) {
                inode.stableSize = (int) size;
                inode.stable = Arrays.copyOf(inode.stable, (int) size);
            }
            for (int i = inode.unsyncedRanges.size() - 1; i >= 0; i--) {
                long offset = inode.unsyncedRanges.get(i)[0];
                byte[] data = inode.unsyncedData.get(i);
                if (offset >= size) {
                    inode.unsyncedRanges.remove(i);
                    inode.unsyncedData.remove(i);
                } else if (offset + data.length > size) {
                    inode.unsyncedData.set(i, Arrays.copyOf(data, (int) (size - offset)));
                }
            }
        }

        @Override
        public void close() {
            // nothing to release; closing never fails, even after a crash
        }
    }
}
