package io.cardkey.ledger;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;

/**
 * The process {@link JournalCrashTest} kills: appends batches to the journal in {@code args[0]} forever and prints
 * {@code ack <last sequence>} once each batch is durable. Each record says which batch it belongs to, so the parent
 * can check that no batch is half there.
 */
public final class JournalCrashChild {
    static final FileLedgerStore.Options OPTIONS = FileLedgerStore.options()
            .segmentSize(64 * 1024)
            .maxGroupBytes(16 * 1024)
            .build();

    private JournalCrashChild() {}

    /**
     * Runs until killed.
     *
     * @param args the journal directory and a seed
     */
    public static void main(String[] args) throws InterruptedException {
        Random random = new Random(Long.parseLong(args[1]));
        FileLedgerStore store = FileLedgerStore.open(Path.of(args[0]), OPTIONS);
        System.out.println("ready " + store.lastSequence());
        System.out.flush();
        Semaphore inFlight = new Semaphore(256);
        while (true) {
            long first = store.lastSequence() + 1;
            int count = 1 + random.nextInt(random.nextInt(10) == 0 ? 50 : 4);
            long last = first + count - 1;
            List<byte[]> batch = new ArrayList<>(count);
            for (long s = first; s <= last; s++) {
                batch.add(record(s, first, last, random.nextInt(80)));
            }
            inFlight.acquire();
            store.append(first, batch).whenComplete((ok, failure) -> {
                if (failure == null) {
                    System.out.println("ack " + last);
                    System.out.flush();
                }
                inFlight.release();
            });
        }
    }

    static byte[] record(long sequence, long batchFirst, long batchLast, int filler) {
        ByteBuffer record = ByteBuffer.allocate(24 + filler);
        record.putLong(sequence).putLong(batchFirst).putLong(batchLast);
        for (int i = 0; i < filler; i++) {
            record.put((byte) (sequence * 31 + i));
        }
        return record.array();
    }
}
