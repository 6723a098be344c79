package io.cardkey.benchmarks.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ledger workload shared by every implementation: a platform revenue account, {@value #DISTRIBUTORS} distributor
 * accounts in CNY without constraints, and single-posting sales that move a random amount from a random distributor
 * to the platform. Ids are unique across threads and iterations. Also where durable benchmarks keep their files.
 * Thread-safe.
 */
final class Workload {
    /** Number of distributor accounts transactions draw from. */
    static final int DISTRIBUTORS = 1_000;
    /** The currency of every account. */
    static final String CURRENCY = "CNY";
    /** The credited account of every sale. */
    static final String PLATFORM = "platform:revenue";

    private static final AtomicLong NEXT_ID = new AtomicLong();

    private Workload() {}

    /** Returns the id of distributor account {@code i}. */
    static String distributor(int i) {
        return "distributor:" + i;
    }

    /** A per-thread source of transactions. Not thread-safe: one per thread. */
    static final class Source {
        private final SplittableRandom random;
        private final String prefix;
        private long counter;

        Source() {
            long stream = NEXT_ID.incrementAndGet();
            this.random = new SplittableRandom(stream * 0x9E3779B97F4A7C15L);
            this.prefix = "tx-" + stream + "-";
        }

        TxSpec next() {
            long n = counter++;
            return new TxSpec(
                    prefix + n,
                    "sale",
                    distributor(random.nextInt(DISTRIBUTORS)),
                    PLATFORM,
                    1 + random.nextInt(10_000),
                    "order-" + prefix + n);
        }

        List<TxSpec> next(int count) {
            List<TxSpec> batch = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                batch.add(next());
            }
            return batch;
        }
    }
}
