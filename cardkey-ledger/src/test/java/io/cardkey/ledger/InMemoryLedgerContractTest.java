package io.cardkey.ledger;

import io.cardkey.ledger.contract.LedgerContract;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Runs the {@link LedgerContract} against {@link LedgerStore#inMemory()}. */
class InMemoryLedgerContractTest extends LedgerContract {

    /**
     * Forwards to one in-memory store; closing the forwarder leaves the in-memory data for the next one, as a file
     * journal keeps its files when the process stops.
     */
    private static final class Reopenable implements LedgerStore {
        final LedgerStore data;
        private volatile boolean closed;

        Reopenable(LedgerStore data) {
            this.data = data;
        }

        private void checkOpen() {
            if (closed) {
                throw new LedgerClosedException("test store");
            }
        }

        @Override
        public long lastSequence() {
            checkOpen();
            return data.lastSequence();
        }

        @Override
        public CompletableFuture<Void> append(long firstSequence, List<byte[]> records) {
            checkOpen();
            return data.append(firstSequence, records);
        }

        @Override
        public void read(long fromSequence, long toSequence, RecordConsumer consumer) {
            checkOpen();
            data.read(fromSequence, toSequence, consumer);
        }

        @Override
        public void redact(long sequence, byte[] record) {
            checkOpen();
            data.redact(sequence, record);
        }

        @Override
        public void saveSnapshot(long sequence, byte[] state) {
            checkOpen();
            data.saveSnapshot(sequence, state);
        }

        @Override
        public Optional<Snapshot> latestSnapshot() {
            checkOpen();
            return data.latestSnapshot();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Override
    protected LedgerStore newStore() {
        return new Reopenable(LedgerStore.inMemory());
    }

    @Override
    protected LedgerStore reopen(LedgerStore closed) {
        return new Reopenable(((Reopenable) closed).data);
    }
}
