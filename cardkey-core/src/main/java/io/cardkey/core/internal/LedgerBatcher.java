package io.cardkey.core.internal;

import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.Transaction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit in front of a {@link Ledger}: the small transaction lists of concurrent operations are appended as one
 * ledger batch, so that many operations share one ledger append (one writer lock, one hand-off to the journal, one
 * wait for durability) instead of each paying for its own.
 *
 * <p>Design: leader and followers, no thread of its own. A caller queues its list; if fewer than {@link #WRITERS}
 * appends are in flight it becomes a writer: it takes every list queued so far (up to {@link Ledger#MAX_BATCH}
 * transactions), appends them with one {@link Ledger#append(List)}, and wakes their callers; otherwise it waits until
 * a writer took its list and finished, or a writer slot is free for it. Each list stays whole and in order inside the
 * batch, and a caller returns only after the batch holding its list is durable (the ledger's promise for every
 * append), so every guarantee of a lone append holds.
 *
 * <p>Failure: a ledger batch is atomic, so one operation's bad transaction would fail the others' too. When the batch
 * fails, every list of it is appended again on its own, in order, and each caller gets the outcome of its own list,
 * exactly as without batching: a rejection that the ledger recorded (an id it burned) is found again by the retry
 * and rethrown, and the other lists are appended normally.
 *
 * <p>Thread-safe.
 */
final class LedgerBatcher {
    /** How many batches may be in flight at once: one being encoded while another waits for its {@code fsync}. */
    static final int WRITERS = 2;

    private final Ledger ledger;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int writers;

    /** One caller's list and what happened to it. */
    private static final class Pending {
        final List<Transaction> transactions;
        final Condition wake;
        /** Guarded by the lock: taken by a writer. */
        boolean taken;
        /** Guarded by the lock: the writer finished with it. */
        boolean done;
        /** Written before {@link #done}, read after it (under the lock). */
        Throwable failure;

        Pending(List<Transaction> transactions, Condition wake) {
            this.transactions = transactions;
            this.wake = wake;
        }
    }

    LedgerBatcher(Ledger ledger) {
        this.ledger = ledger;
    }

    /**
     * Appends {@code transactions} atomically, possibly in one ledger batch with other callers' lists, and returns
     * when they are durable.
     *
     * @param transactions 1 to {@link Ledger#MAX_BATCH} transactions with distinct ids
     * @throws RuntimeException what {@link Ledger#append(List)} throws for this list appended on its own
     */
    void append(List<Transaction> transactions) {
        Pending me = new Pending(transactions, lock.newCondition());
        lock.lock();
        try {
            queue.addLast(me);
            while (!me.done) {
                if (!me.taken && writers < WRITERS) {
                    write();
                } else {
                    me.wake.awaitUninterruptibly();
                }
            }
        } finally {
            lock.unlock();
        }
        Throwable failure = me.failure;
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    /** Takes the queued lists and appends them; called and returns with the lock held. */
    private void write() {
        writers++;
        List<Pending> batch = new ArrayList<>();
        int size = 0;
        while (!queue.isEmpty()
                && (batch.isEmpty() || size + queue.peekFirst().transactions.size() <= Ledger.MAX_BATCH)) {
            Pending next = queue.pollFirst();
            next.taken = true;
            batch.add(next);
            size += next.transactions.size();
        }
        wakeHeadIfFree();
        lock.unlock();
        try {
            appendBatch(batch);
        } finally {
            lock.lock();
            writers--;
            for (Pending p : batch) {
                p.done = true;
                p.wake.signal();
            }
            wakeHeadIfFree();
        }
    }

    /** Lets the first waiting caller take a free writer slot; called with the lock held. */
    private void wakeHeadIfFree() {
        Pending head = queue.peekFirst();
        if (head != null && writers < WRITERS) {
            head.wake.signal();
        }
    }

    /** Appends a batch's lists and records each caller's outcome; never throws. */
    private void appendBatch(List<Pending> batch) {
        List<List<Transaction>> lists = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            lists.add(p.transactions);
        }
        Throwable[] failures = appendTogether(lists);
        for (int i = 0; i < failures.length; i++) {
            batch.get(i).failure = failures[i];
        }
    }

    /**
     * Appends several lists as one ledger batch; if that fails, appends each list on its own, in order.
     *
     * @param lists the lists, each 1 to {@link Ledger#MAX_BATCH} transactions, together at most {@link
     *     Ledger#MAX_BATCH} unless there is only one
     * @return per list, what appending it threw, or {@code null} if it was appended
     */
    Throwable[] appendTogether(List<List<Transaction>> lists) {
        Throwable[] failures = new Throwable[lists.size()];
        if (lists.size() > 1) {
            List<Transaction> all = new ArrayList<>();
            for (List<Transaction> list : lists) {
                all.addAll(list);
            }
            try {
                ledger.append(all);
                return failures;
            } catch (RuntimeException batchFailed) {
                // Some list fails, on its own or only together with the others: give each its own outcome below.
            } catch (Error e) {
                Arrays.fill(failures, e);
                return failures;
            }
        }
        for (int i = 0; i < lists.size(); i++) {
            try {
                ledger.append(lists.get(i));
            } catch (RuntimeException | Error e) {
                failures[i] = e;
            }
        }
        return failures;
    }
}
