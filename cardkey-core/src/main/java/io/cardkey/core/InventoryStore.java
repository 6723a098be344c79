package io.cardkey.core;

import io.cardkey.ledger.Account;
import io.cardkey.ledger.AccountId;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.Transaction;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The storage port under inventory: products, card keys (with their sealed secrets and blind indexes, both opaque
 * bytes here) and orders.
 *
 * <p>A store keeps rows and applies changes atomically; it does not decide what is allowed. The lifecycle rules live
 * in {@link CardKey} and {@link Order}, the order rules in the library, so every store behaves the same. Writes are
 * compare-and-set: a {@link Change} carries new rows whose {@code version} is one above the version they were read
 * at, and the store refuses the whole change with {@link WriteConflictException} if any row moved on meanwhile.
 * Allocation (picking the codes for an order) is the one decision a store makes, because only the store can do it
 * without two orders racing for the same code (PostgreSQL: {@code FOR UPDATE SKIP LOCKED}).
 *
 * <p>Every implementation passes the same contract test suite ({@code io.cardkey.core.contract.InventoryStoreContract} in the test-jar of
 * {@code cardkey-core}). Implementations are thread-safe.
 */
public interface InventoryStore extends AutoCloseable {

    /**
     * Adds a product or replaces the one with the same SKU.
     *
     * @param product the product
     */
    void putProduct(Product product);

    /**
     * Returns the product with this SKU.
     *
     * @param sku the SKU
     * @return the product, or empty
     */
    Optional<Product> product(Sku sku);

    /**
     * Records a batch; recording the same batch again changes nothing.
     *
     * @param batch the batch
     * @throws IllegalArgumentException if a different batch with the same id exists
     */
    void putBatch(Batch batch);

    /**
     * Returns a batch.
     *
     * @param batchId the batch id
     * @return the batch, or empty
     */
    Optional<Batch> batch(String batchId);

    /**
     * Reserves {@code count} fresh, consecutive record ids, never handed out before.
     *
     * @param count how many, at least 1
     * @return the first of them
     */
    long reserveIds(int count);

    /**
     * Adds codes, all or none.
     *
     * @param keys the codes, each new ({@code version} 1)
     * @throws DuplicateCardKeyException if a record id or a blind index is already stored or repeats in {@code keys}
     */
    void addCardKeys(List<StockedCardKey> keys);

    /**
     * Returns a code by record id.
     *
     * @param id the record id
     * @return the code, or empty
     */
    Optional<CardKey> cardKey(long id);

    /**
     * Returns codes by record id, in the order asked, skipping ids not stored.
     *
     * @param ids the record ids
     * @return the codes found
     */
    List<CardKey> cardKeys(List<Long> ids);

    /**
     * Returns codes of a product in one state, first-expiring-first (codes that never expire last), then by id.
     *
     * @param sku the product
     * @param state the state
     * @param limit the most to return, at least 1
     * @return up to {@code limit} codes
     */
    List<CardKey> cardKeys(Sku sku, CardKeyState state, int limit);

    /**
     * Returns the codes of one batch with ids above {@code afterId}, by id: pages through a batch.
     *
     * @param batchId the batch
     * @param afterId return ids above this one; 0 for the first page
     * @param limit the most to return, at least 1
     * @return up to {@code limit} codes
     */
    List<CardKey> cardKeysOfBatch(String batchId, long afterId, int limit);

    /**
     * Finds a code by the blind index of its plaintext.
     *
     * @param blindIndex the blind index
     * @return the code, or empty
     */
    Optional<CardKey> cardKeyByBlindIndex(byte[] blindIndex);

    /**
     * Returns which of {@code blindIndexes} are stored already.
     *
     * @param blindIndexes the indexes to check
     * @return the positions in {@code blindIndexes} of those already stored
     */
    Set<Integer> presentBlindIndexes(List<byte[]> blindIndexes);

    /**
     * Returns the sealed secret stored with a code.
     *
     * @param id the record id
     * @return a copy of the sealed bytes, or empty if no such code
     */
    Optional<byte[]> sealedSecret(long id);

    /**
     * Returns the protected forms of the codes with ids above {@code afterId}, by id: pages through every stored code.
     *
     * @param afterId return ids above this one; 0 for the first page
     * @param limit the most to return, at least 1
     * @return up to {@code limit} codes' forms
     */
    List<ProtectedForms> protectedForms(long afterId, int limit);

    /**
     * Replaces the blind index and sealed secret of stored codes, all or none, leaving their rows (and versions) as
     * they are: how codes are moved to a keyset's new primary key.
     *
     * @param forms the new forms, one per code
     * @throws IllegalArgumentException if a code is not stored or appears twice
     * @throws DuplicateCardKeyException if a new blind index is held by another stored code, or repeats in {@code
     *     forms}
     */
    void replaceProtectedForms(List<ProtectedForms> forms);

    /**
     * Counts a product's codes by state.
     *
     * @param sku the product
     * @return a count for every state that has at least one code
     */
    Map<CardKeyState, Long> countByState(Sku sku);

    /**
     * Returns an order.
     *
     * @param orderId the order id
     * @return the order, or empty
     */
    Optional<Order> order(String orderId);

    /**
     * Returns the order a payment reference paid.
     *
     * @param reference the payment reference
     * @return the order id, or empty if the reference paid nothing yet
     */
    Optional<String> orderIdByPaymentReference(String reference);

    /**
     * Returns orders of a product in one state, oldest first (by creation time, then id).
     *
     * @param sku the product
     * @param state the state
     * @param limit the most to return, at least 1
     * @return up to {@code limit} orders
     */
    List<Order> orders(Sku sku, OrderState state, int limit);

    /**
     * Returns {@link OrderState#RESERVED} orders whose reservation ran out at or before {@code now}, earliest first.
     *
     * @param now the current time
     * @param limit the most to return, at least 1
     * @return up to {@code limit} orders
     */
    List<Order> reservationsDue(Instant now, int limit);

    /**
     * Counts the codes a buyer holds in {@link OrderState#RESERVED} orders whose reservation runs past {@code now}.
     *
     * @param buyerId the buyer
     * @param now the current time
     * @return the number of codes held
     */
    long heldByBuyer(String buyerId, Instant now);

    /**
     * Applies a change atomically: everything or, on any exception, nothing.
     *
     * @param change the change
     * @return what was written
     * @throws WriteConflictException if a row's stored version is not one below the new row's, or an order at version
     *     1 exists already
     * @throws InsufficientStockException if the allocation cannot be met in full
     * @throws BuyerLimitExceededException if the allocation would take the buyer past the cap
     * @throws PaymentReferenceUsedException if the payment reference already paid another order
     */
    Applied apply(Change change);

    /**
     * Returns how this store records ledger entries in its own transactions, if it does.
     *
     * <p>Empty (the default, and the embedded stores): the facade applies each change and then appends the ledger
     * transactions that describe it to its own {@link Ledger}, as two steps. A store whose database also holds the
     * ledger (PostgreSQL) returns a writer, and the facade then writes every ledger entry through it, each change's
     * entries in the same database transaction as the change.
     *
     * @return the store's ledger writer, or empty
     */
    default Optional<LedgerWriter> ledgerWriter() {
        return Optional.empty();
    }

    /** Releases resources. Idempotent. */
    @Override
    void close();

    /**
     * The ledger of a store that keeps it in the same database as its rows: the facade records every ledger entry
     * through it instead of appending to a {@link Ledger} itself. Entries are recorded in order and committed with
     * what they describe; the store chains them into the hash-chained ledger (possibly a moment later, in batches), and
     * {@link #ledger()} returns that ledger.
     *
     * <p>The facade decides which entries an operation writes; a writer records exactly those. Implementations are
     * thread-safe.
     */
    interface LedgerWriter {
        /**
         * Applies a change and records the ledger transactions that describe it in the same database transaction:
         * both are committed, or neither. {@code entries} runs inside the transaction after the change was applied
         * (it sees the allocated codes), possibly more than once if the transaction is retried; it must only build
         * transactions from what it is given and the store's committed rows, and must not call the writer.
         *
         * @param change the change
         * @param entries the ledger transactions that record what was applied, with distinct ids; may be empty
         * @return what was written
         * @throws WriteConflictException as {@link InventoryStore#apply(Change)}
         * @throws InsufficientStockException as {@link InventoryStore#apply(Change)}
         * @throws BuyerLimitExceededException as {@link InventoryStore#apply(Change)}
         * @throws PaymentReferenceUsedException as {@link InventoryStore#apply(Change)}
         * @throws io.cardkey.ledger.ConstraintViolationException if a posting would break an account constraint
         *     (nothing was written)
         */
        Applied apply(Change change, Function<? super Applied, ? extends List<Transaction>> entries);

        /**
         * Records ledger transactions that describe no inventory change (a product, a batch, stocked codes, a
         * reveal), all or none, committed before this returns.
         *
         * @param transactions the transactions, with distinct ids
         * @throws io.cardkey.ledger.ConstraintViolationException if a posting would break an account constraint
         *     (nothing was written)
         */
        void append(List<Transaction> transactions);

        /**
         * Records that an account is to be opened, committed before this returns, so that every entry recorded after
         * it may post to it. Opening an account again with the same currency and constraint does nothing.
         *
         * @param account the account
         */
        void openAccount(Account account);

        /**
         * Returns an account opened through this writer or in the ledger.
         *
         * @param id the account id
         * @return the account, or empty if none is open under this id as far as this instance can see
         */
        Optional<Account> account(AccountId id);

        /**
         * Returns a transaction recorded under {@code id}, whether chained already or still waiting to be: what
         * idempotency checks (a retried redemption, a refund's sale) read.
         *
         * @param id the transaction id
         * @return the transaction, or empty if none is recorded under this id as far as this instance can see
         */
        Optional<Transaction> transaction(String id);

        /**
         * Returns the hash-chained ledger holding every entry this instance recorded before the call (chaining what is
         * pending first if need be): what history, balances, proofs and checkpoints are read from.
         *
         * @return the ledger; the writer owns it, do not close it
         */
        Ledger ledger();
    }

    /**
     * A new code with its opaque protected forms.
     *
     * <p>Immutable: the arrays are copied in and out.
     *
     * @param cardKey the row, at version 1
     * @param blindIndex the keyed hash of the normalised plaintext, unique in the store
     * @param sealedSecret the sealed plaintext
     */
    record StockedCardKey(CardKey cardKey, byte[] blindIndex, byte[] sealedSecret) {
        /**
         * Checks and copies the components.
         *
         * @throws NullPointerException if a component is null
         * @throws IllegalArgumentException if the row is not at version 1 or an array is empty
         */
        public StockedCardKey {
            Objects.requireNonNull(cardKey, "cardKey");
            if (cardKey.version() != 1) {
                throw new IllegalArgumentException("cardKey.version was " + cardKey.version() + "; must be 1");
            }
            if (blindIndex.length == 0 || sealedSecret.length == 0) {
                throw new IllegalArgumentException("blindIndex and sealedSecret must not be empty");
            }
            blindIndex = blindIndex.clone();
            sealedSecret = sealedSecret.clone();
        }

        /**
         * Returns a copy of the blind index.
         *
         * @return the blind index
         */
        @Override
        public byte[] blindIndex() {
            return blindIndex.clone();
        }

        /**
         * Returns a copy of the sealed secret.
         *
         * @return the sealed bytes
         */
        @Override
        public byte[] sealedSecret() {
            return sealedSecret.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof StockedCardKey other
                    && cardKey.equals(other.cardKey)
                    && Arrays.equals(blindIndex, other.blindIndex)
                    && Arrays.equals(sealedSecret, other.sealedSecret);
        }

        @Override
        public int hashCode() {
            return cardKey.hashCode() * 31 + Arrays.hashCode(blindIndex);
        }

        /** Returns the row and the array lengths; never the bytes. */
        @Override
        public String toString() {
            return "StockedCardKey[" + cardKey + ", blindIndex=" + blindIndex.length + " bytes, sealedSecret="
                    + sealedSecret.length + " bytes]";
        }
    }

    /**
     * The protected forms of a stored code: its blind index and sealed secret, opaque bytes here.
     *
     * <p>Immutable: the arrays are copied in and out.
     *
     * @param cardKeyId the code's record id
     * @param blindIndex the keyed hash of the normalised plaintext
     * @param sealedSecret the sealed plaintext
     */
    record ProtectedForms(long cardKeyId, byte[] blindIndex, byte[] sealedSecret) {
        /**
         * Checks and copies the components.
         *
         * @throws NullPointerException if an array is null
         * @throws IllegalArgumentException if an array is empty
         */
        public ProtectedForms {
            Objects.requireNonNull(blindIndex, "blindIndex");
            Objects.requireNonNull(sealedSecret, "sealedSecret");
            if (blindIndex.length == 0 || sealedSecret.length == 0) {
                throw new IllegalArgumentException(
                        "blindIndex and sealedSecret of card key " + cardKeyId + " must not be empty");
            }
            blindIndex = blindIndex.clone();
            sealedSecret = sealedSecret.clone();
        }

        /**
         * Returns a copy of the blind index.
         *
         * @return the blind index
         */
        @Override
        public byte[] blindIndex() {
            return blindIndex.clone();
        }

        /**
         * Returns a copy of the sealed secret.
         *
         * @return the sealed bytes
         */
        @Override
        public byte[] sealedSecret() {
            return sealedSecret.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ProtectedForms other
                    && cardKeyId == other.cardKeyId
                    && Arrays.equals(blindIndex, other.blindIndex)
                    && Arrays.equals(sealedSecret, other.sealedSecret);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(cardKeyId) * 31 + Arrays.hashCode(blindIndex);
        }

        /** Returns the id and the array lengths; never the bytes. */
        @Override
        public String toString() {
            return "ProtectedForms[cardKeyId=" + cardKeyId + ", blindIndex=" + blindIndex.length
                    + " bytes, sealedSecret=" + sealedSecret.length + " bytes]";
        }
    }

    /**
     * Picks codes for an order inside a {@link Change}: up to {@code quantity} {@link CardKeyState#AVAILABLE} codes of
     * {@code sku} that do not expire by {@code now}, first-expiring-first, each moved with
     * {@link CardKey#assignTo(CardKeyState, String)} to {@code target} for the change's order. The order is written
     * holding the ids it lists followed by the allocated ones.
     *
     * @param sku the product
     * @param quantity how many, at least 1
     * @param target {@link CardKeyState#RESERVED} or {@link CardKeyState#SOLD}
     * @param now the current time: codes expiring at or before it are skipped, reservations running out at or before
     *     it no longer count against the buyer
     * @param buyerCap the most codes the order's buyer may hold reserved (see {@link #heldByBuyer}), counting this
     *     allocation; checked only when {@code target} is {@link CardKeyState#RESERVED}
     */
    record Allocation(Sku sku, int quantity, CardKeyState target, Instant now, long buyerCap) {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if a component is null
         * @throws IllegalArgumentException if {@code quantity} or {@code buyerCap} is below 1 or {@code target} is
         *     neither RESERVED nor SOLD
         */
        public Allocation {
            Objects.requireNonNull(sku, "sku");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(now, "now");
            if (quantity < 1) {
                throw new IllegalArgumentException("quantity was " + quantity + "; must be at least 1");
            }
            if (buyerCap < 1) {
                throw new IllegalArgumentException("buyerCap was " + buyerCap + "; must be at least 1");
            }
            if (target != CardKeyState.RESERVED && target != CardKeyState.SOLD) {
                throw new IllegalArgumentException("target was " + target + "; must be RESERVED or SOLD");
            }
        }
    }

    /**
     * One atomic change: an order written (new at version 1, or replacing the version below), card keys written the
     * same way, optionally an allocation for the order and a payment reference claimed by it.
     *
     * @param order the order to write, if any
     * @param cardKeys the card keys to write
     * @param allocation codes to allocate to {@code order}, if any
     * @param paymentReference a reference {@code order} claims; idempotent for the same order
     */
    record Change(
            Optional<Order> order,
            List<CardKey> cardKeys,
            Optional<Allocation> allocation,
            Optional<String> paymentReference) {
        /**
         * Checks the components and copies the list.
         *
         * @throws NullPointerException if a component is null
         * @throws IllegalArgumentException if an allocation or payment reference comes without an order, or a card
         *     key appears twice
         */
        public Change {
            Objects.requireNonNull(order, "order");
            Objects.requireNonNull(allocation, "allocation");
            Objects.requireNonNull(paymentReference, "paymentReference");
            cardKeys = List.copyOf(cardKeys);
            if (order.isEmpty() && (allocation.isPresent() || paymentReference.isPresent())) {
                throw new IllegalArgumentException("an allocation or payment reference needs an order");
            }
            if (cardKeys.stream().map(CardKey::id).distinct().count() != cardKeys.size()) {
                throw new IllegalArgumentException("cardKeys names one card key twice");
            }
        }

        /**
         * Returns a change writing only card keys.
         *
         * @param cardKeys the new rows
         * @return the change
         */
        public static Change of(List<CardKey> cardKeys) {
            return new Change(Optional.empty(), cardKeys, Optional.empty(), Optional.empty());
        }
    }

    /**
     * What a {@link Change} wrote.
     *
     * @param order the order as stored (holding the allocated ids), if the change wrote one
     * @param allocated the codes allocated, as stored
     */
    record Applied(Optional<Order> order, List<CardKey> allocated) {
        /**
         * Copies the list.
         *
         * @throws NullPointerException if a component is null
         */
        public Applied {
            Objects.requireNonNull(order, "order");
            allocated = List.copyOf(allocated);
        }
    }
}
