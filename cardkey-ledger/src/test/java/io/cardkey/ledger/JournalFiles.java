package io.cardkey.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Test helper that reads the journal's files directly, to damage them on purpose. */
final class JournalFiles {
    /** One batch as laid out in a segment file. */
    record Batch(Path segment, long offset, int length, long firstSequence, int count) {}

    private JournalFiles() {}

    static List<Path> segments(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".seg"))
                    .sorted()
                    .toList();
        }
    }

    static List<Batch> batches(Path segment) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
        List<Batch> batches = new ArrayList<>();
        int pos = 32;
        while (pos + 28 <= bytes.limit()) {
            int bodyLength = bytes.getInt(pos + 4);
            batches.add(new Batch(segment, pos, 28 + bodyLength, bytes.getLong(pos + 8), bytes.getInt(pos + 16)));
            pos += 28 + bodyLength;
        }
        return batches;
    }

    static void readEverything(LedgerStore store) {
        long last = store.lastSequence();
        if (last > 0) {
            store.read(1, last, (sequence, record) -> {});
        }
    }
}
