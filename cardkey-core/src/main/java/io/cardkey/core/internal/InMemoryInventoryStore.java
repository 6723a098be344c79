package io.cardkey.core.internal;

import io.cardkey.core.Batch;
import io.cardkey.core.BuyerLimitExceededException;
import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.DuplicateCardKeyException;
import io.cardkey.core.InsufficientStockException;
import io.cardkey.core.InventoryStore;
import io.cardkey.core.Order;
import io.cardkey.core.OrderState;
import io.cardkey.core.PaymentReferenceUsedException;
import io.cardkey.core.Product;
import io.cardkey.core.Sku;
import io.cardkey.core.WriteConflictException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The in-memory {@link InventoryStore}: tests, and the projection the embedded journal rebuilds on open.
 *
 * <p>Design: one monitor guards everything, so every {@link #apply} is trivially atomic; a change is validated in
 * full before anything is written, and the only step that can still fail afterwards (an allocation short of stock)
 * undoes the card-key writes before it throws. Card keys live in a compact {@link CodeTable} (columns, not an object
 * per code, so ten million codes fit in a modest heap); secondary indexes (codes by product and state in
 * first-expiring-first order, orders by product and state, reservations by due time, reserved orders per buyer) keep
 * every query proportional to its result.
 */
public final class InMemoryInventoryStore implements InventoryStore {
    private final Map<Sku, Product> products = new HashMap<>();
    private final Map<String, Batch> batches = new HashMap<>();
    private final CodeTable codes = new CodeTable();
    private final Map<String, Order> orders = new HashMap<>();
    private final Map<String, String> payments = new HashMap<>();
    private final Map<Sku, Map<OrderState, NavigableSet<Oldest>>> ordersByProductState = new HashMap<>();
    private final NavigableSet<Due> due = new TreeSet<>();
    private final Map<String, Set<String>> reservedByBuyer = new HashMap<>();
    private long nextId = 1;

    /** Position of an order in creation order. */
    private record Oldest(Instant createdAt, String orderId) implements Comparable<Oldest> {
        private static final Comparator<Oldest> ORDER =
                Comparator.comparing(Oldest::createdAt).thenComparing(Oldest::orderId);

        @Override
        public int compareTo(Oldest o) {
            return ORDER.compare(this, o);
        }
    }

    /** Position of a reservation in due order. */
    private record Due(Instant reservedUntil, String orderId) implements Comparable<Due> {
        private static final Comparator<Due> ORDER =
                Comparator.comparing(Due::reservedUntil).thenComparing(Due::orderId);

        @Override
        public int compareTo(Due o) {
            return ORDER.compare(this, o);
        }
    }

    @Override
    public synchronized void putProduct(Product product) {
        Objects.requireNonNull(product, "product");
        products.put(product.sku(), product);
    }

    @Override
    public synchronized Optional<Product> product(Sku sku) {
        return Optional.ofNullable(products.get(Objects.requireNonNull(sku, "sku")));
    }

    @Override
    public synchronized void putBatch(Batch batch) {
        Objects.requireNonNull(batch, "batch");
        Batch existing = batches.putIfAbsent(batch.batchId(), batch);
        if (existing != null && !existing.equals(batch)) {
            throw new IllegalArgumentException(
                    "batchId was " + batch.batchId() + "; a different batch with that id exists");
        }
    }

    @Override
    public synchronized Optional<Batch> batch(String batchId) {
        return Optional.ofNullable(batches.get(Objects.requireNonNull(batchId, "batchId")));
    }

    @Override
    public synchronized long reserveIds(int count) {
        positive(count, "count");
        long first = nextId;
        nextId = Math.addExact(nextId, count);
        return first;
    }

    @Override
    public synchronized void addCardKeys(List<StockedCardKey> stocked) {
        Objects.requireNonNull(stocked, "keys");
        // Imports hand over ascending ids; only other callers pay for a set of ids.
        Set<Long> ids = null;
        long last = 0;
        BlindSet indexes = new BlindSet();
        byte[][] forms = new byte[stocked.size()][];
        for (int i = 0; i < forms.length; i++) {
            StockedCardKey s = stocked.get(i);
            long id = s.cardKey().id();
            if (ids == null && id <= last) {
                ids = new HashSet<>();
                for (int k = 0; k < i; k++) {
                    ids.add(stocked.get(k).cardKey().id());
                }
            }
            last = id;
            if (codes.contains(id) || (ids != null && !ids.add(id))) {
                throw new DuplicateCardKeyException(id, "record id");
            }
            byte[] index = s.blindIndex();
            if (codes.findBlind(index) != 0 || !indexes.add(index)) {
                throw new DuplicateCardKeyException(id, "code");
            }
            forms[i] = index;
        }
        for (int i = 0; i < forms.length; i++) {
            StockedCardKey s = stocked.get(i);
            CardKey key = s.cardKey();
            codes.add(key, forms[i], s.sealedSecret());
            nextId = Math.max(nextId, key.id() + 1);
        }
    }

    @Override
    public synchronized Optional<CardKey> cardKey(long id) {
        return Optional.ofNullable(codes.get(id));
    }

    @Override
    public synchronized List<CardKey> cardKeys(List<Long> ids) {
        List<CardKey> found = new ArrayList<>(ids.size());
        for (Long id : ids) {
            CardKey key = codes.get(Objects.requireNonNull(id, "id"));
            if (key != null) {
                found.add(key);
            }
        }
        return found;
    }

    @Override
    public synchronized List<CardKey> cardKeys(Sku sku, CardKeyState state, int limit) {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(state, "state");
        positive(limit, "limit");
        List<CardKey> found = new ArrayList<>(Math.min(limit, 1024));
        codes.forEach(sku, state, null, id -> {
            found.add(codes.get(id));
            return found.size() < limit;
        });
        return found;
    }

    @Override
    public synchronized List<CardKey> cardKeysOfBatch(String batchId, long afterId, int limit) {
        Objects.requireNonNull(batchId, "batchId");
        positive(limit, "limit");
        List<CardKey> found = new ArrayList<>(Math.min(limit, 1024));
        codes.forEachOfBatch(batchId, afterId, id -> {
            found.add(codes.get(id));
            return found.size() < limit;
        });
        return found;
    }

    @Override
    public synchronized Optional<CardKey> cardKeyByBlindIndex(byte[] index) {
        long id = codes.findBlind(Objects.requireNonNull(index, "blindIndex"));
        return id == 0 ? Optional.empty() : Optional.of(codes.get(id));
    }

    @Override
    public synchronized Set<Integer> presentBlindIndexes(List<byte[]> indexes) {
        Set<Integer> present = new HashSet<>();
        for (int i = 0; i < indexes.size(); i++) {
            if (codes.findBlind(Objects.requireNonNull(indexes.get(i), "blindIndex")) != 0) {
                present.add(i);
            }
        }
        return present;
    }

    @Override
    public synchronized Optional<byte[]> sealedSecret(long id) {
        return Optional.ofNullable(codes.sealed(id));
    }

    @Override
    public synchronized List<ProtectedForms> protectedForms(long afterId, int limit) {
        positive(limit, "limit");
        List<ProtectedForms> found = new ArrayList<>(Math.min(limit, 1024));
        codes.forEachAfter(afterId, id -> {
            found.add(new ProtectedForms(id, codes.blindIndex(id), codes.sealed(id)));
            return found.size() < limit;
        });
        return found;
    }

    @Override
    public synchronized void replaceProtectedForms(List<ProtectedForms> forms) {
        Objects.requireNonNull(forms, "forms");
        Set<Long> ids = new HashSet<>();
        BlindSet indexes = new BlindSet();
        for (ProtectedForms f : forms) {
            long id = Objects.requireNonNull(f, "forms must not contain null").cardKeyId();
            if (!codes.contains(id) || !ids.add(id)) {
                throw new IllegalArgumentException(
                        "forms names card key " + id + ", which is not stored or appears twice");
            }
            byte[] index = f.blindIndex();
            long holder = codes.findBlind(index);
            if ((holder != 0 && holder != id) || !indexes.add(index)) {
                throw new DuplicateCardKeyException(id, "code");
            }
        }
        for (ProtectedForms f : forms) {
            codes.replaceForms(f.cardKeyId(), f.blindIndex(), f.sealedSecret());
        }
    }

    @Override
    public synchronized Map<CardKeyState, Long> countByState(Sku sku) {
        Objects.requireNonNull(sku, "sku");
        Map<CardKeyState, Long> counts = new EnumMap<>(CardKeyState.class);
        for (CardKeyState state : CardKeyState.values()) {
            long n = codes.count(sku, state);
            if (n > 0) {
                counts.put(state, n);
            }
        }
        return counts;
    }

    @Override
    public synchronized Optional<Order> order(String orderId) {
        return Optional.ofNullable(orders.get(Objects.requireNonNull(orderId, "orderId")));
    }

    @Override
    public synchronized Optional<String> orderIdByPaymentReference(String reference) {
        return Optional.ofNullable(payments.get(Objects.requireNonNull(reference, "reference")));
    }

    @Override
    public synchronized List<Order> orders(Sku sku, OrderState state, int limit) {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(state, "state");
        positive(limit, "limit");
        List<Order> found = new ArrayList<>();
        for (Oldest o : ordersByProductState.getOrDefault(sku, Map.of()).getOrDefault(state, new TreeSet<>())) {
            if (found.size() == limit) {
                break;
            }
            found.add(orders.get(o.orderId()));
        }
        return found;
    }

    @Override
    public synchronized List<Order> reservationsDue(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        positive(limit, "limit");
        List<Order> found = new ArrayList<>();
        for (Due d : due) {
            if (found.size() == limit || d.reservedUntil().isAfter(now)) {
                break;
            }
            found.add(orders.get(d.orderId()));
        }
        return found;
    }

    @Override
    public synchronized long heldByBuyer(String buyerId, Instant now) {
        Objects.requireNonNull(buyerId, "buyerId");
        Objects.requireNonNull(now, "now");
        long held = 0;
        for (String id : reservedByBuyer.getOrDefault(buyerId, Set.of())) {
            Order o = orders.get(id);
            if (o.reservedUntil().isAfter(now)) {
                held += o.quantity();
            }
        }
        return held;
    }

    @Override
    public synchronized Applied apply(Change change) {
        Objects.requireNonNull(change, "change");
        Order order = change.order().orElse(null);
        if (order != null) {
            Order stored = orders.get(order.orderId());
            long storedVersion = stored == null ? 0 : stored.version();
            if (storedVersion != order.version() - 1) {
                throw new WriteConflictException("order " + order.orderId() + " version " + storedVersion);
            }
        }
        for (CardKey key : change.cardKeys()) {
            long stored = codes.version(key.id());
            if (stored == 0 || stored != key.version() - 1) {
                throw new WriteConflictException("card key " + key.id() + " version " + stored);
            }
        }
        if (change.paymentReference().isPresent()) {
            String paid = payments.get(change.paymentReference().get());
            if (paid != null && !paid.equals(order.orderId())) {
                throw new PaymentReferenceUsedException(
                        change.paymentReference().get(), order.orderId(), paid);
            }
        }
        List<CardKey> previous = new ArrayList<>(change.cardKeys().size());
        for (CardKey key : change.cardKeys()) {
            previous.add(codes.update(key));
        }
        List<CardKey> allocated = List.of();
        if (change.allocation().isPresent()) {
            try {
                allocated = allocate(change.allocation().get(), order);
            } catch (RuntimeException e) {
                previous.forEach(codes::update);
                throw e;
            }
            order = order.holding(Stream.concat(
                            order.cardKeyIds().stream(), allocated.stream().map(CardKey::id))
                    .toList());
        }
        if (order != null) {
            write(order);
        }
        change.paymentReference()
                .ifPresent(ref -> payments.put(ref, change.order().orElseThrow().orderId()));
        return new Applied(Optional.ofNullable(order), allocated);
    }

    /**
     * Puts a code back as it was recorded (any version), bypassing compare-and-set: how the store is rebuilt from the
     * ledger on open.
     *
     * @param key the code at its latest recorded version
     * @param index its stored blind index
     * @param sealedSecret its sealed secret
     */
    public synchronized void restore(CardKey key, byte[] index, byte[] sealedSecret) {
        if (codes.contains(key.id())) {
            codes.update(key);
        } else {
            codes.add(key, index, sealedSecret);
        }
        nextId = Math.max(nextId, key.id() + 1);
    }

    /**
     * Makes sure ids up to {@code lastId} are never handed out: how a replay keeps the ids of a stocking that never
     * committed used.
     *
     * @param lastId the highest id used
     */
    synchronized void skipIds(long lastId) {
        nextId = Math.max(nextId, lastId + 1);
    }

    /**
     * Replaces a stored code's row if {@code key} is a later version than the stored one, bypassing compare-and-set:
     * how records after a snapshot are replayed.
     *
     * @param key the code as recorded
     * @return whether the code is stored (else the caller must restore it with its protected forms)
     */
    synchronized boolean restoreIfNewer(CardKey key) {
        long stored = codes.version(key.id());
        if (stored == 0) {
            return false;
        }
        if (key.version() > stored) {
            codes.update(key);
        }
        return true;
    }

    /**
     * Returns the ids of the codes each of {@code orderIds} holds, ascending, leaving out codes in state {@code
     * except}: how orders too large to list their codes in the ledger get them back.
     */
    synchronized Map<String, List<Long>> heldBy(Set<String> orderIds, CardKeyState except) {
        Map<String, List<Long>> held = new HashMap<>();
        codes.forEachHeldBy(orderIds, (id, order) -> {
            if (codes.get(id).state() != except) {
                held.computeIfAbsent(order, o -> new ArrayList<>()).add(id);
            }
        });
        return held;
    }

    /**
     * Puts an order back as it was recorded, bypassing compare-and-set.
     *
     * @param order the order at its latest recorded version
     */
    public synchronized void restore(Order order) {
        write(order);
        order.paymentReference().ifPresent(ref -> payments.put(ref, order.orderId()));
    }

    /**
     * Writes everything this store holds (sealed secrets and blind indexes, never plaintext) for {@link
     * InventorySnapshots}.
     *
     * @param out where to write
     * @throws IOException if writing fails
     */
    synchronized void writeSnapshot(DataOutputStream out) throws IOException {
        out.writeLong(nextId);
        out.writeInt(products.size());
        for (Product product : products.values()) {
            writeBlock(out, RowCodec.product(product));
        }
        out.writeInt(batches.size());
        for (Batch batch : batches.values()) {
            writeBlock(out, RowCodec.batch(batch));
        }
        codes.write(out);
        out.writeInt(orders.size());
        for (Order order : orders.values()) {
            writeBlock(out, RowCodec.order(order));
            out.writeInt(order.cardKeyIds().size());
            for (long id : order.cardKeyIds()) {
                out.writeLong(id);
            }
        }
    }

    /**
     * Reads what {@link #writeSnapshot} wrote into this empty store.
     *
     * @param in where to read
     * @param limit the size of the file read, which bounds every length in it
     * @throws IOException if the input ends early
     * @throws IllegalStateException or {@link IllegalArgumentException} if the content is inconsistent
     */
    synchronized void readSnapshot(DataInputStream in, long limit) throws IOException {
        if (!orders.isEmpty() || codes.size() != 0 || !products.isEmpty()) {
            throw new IllegalStateException("a snapshot is read into an empty store only");
        }
        nextId = in.readLong();
        int n = count(in.readInt(), limit);
        for (int i = 0; i < n; i++) {
            putProduct(RowCodec.product(readBlock(in, limit)));
        }
        n = count(in.readInt(), limit);
        for (int i = 0; i < n; i++) {
            putBatch(RowCodec.batch(readBlock(in, limit)));
        }
        codes.read(in, limit);
        n = count(in.readInt(), limit);
        for (int i = 0; i < n; i++) {
            Order listed = RowCodec.order(readBlock(in, limit)).order();
            int ids = count(in.readInt(), limit);
            List<Long> held = new ArrayList<>(ids);
            for (int k = 0; k < ids; k++) {
                held.add(in.readLong());
            }
            restore(listed.holding(held));
        }
        if (nextId < 1) {
            throw new IllegalStateException("next id was " + nextId);
        }
    }

    private static void writeBlock(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBlock(DataInputStream in, long limit) throws IOException {
        byte[] bytes = new byte[count(in.readInt(), limit)];
        in.readFully(bytes);
        return bytes;
    }

    /** Checks a count or length read from a snapshot against the size of the file. */
    static int count(int n, long limit) {
        if (n < 0 || n > limit) {
            throw new IllegalStateException("a snapshot count was " + n + " in a file of " + limit + " bytes");
        }
        return n;
    }

    @Override
    public synchronized void close() {
        // Nothing to release: the rows live as long as this object.
    }

    private List<CardKey> allocate(Allocation allocation, Order order) {
        if (allocation.target() == CardKeyState.RESERVED) {
            long held = heldByBuyer(order.buyerId(), allocation.now());
            Order stored = orders.get(order.orderId());
            if (stored != null
                    && stored.state() == OrderState.RESERVED
                    && stored.reservedUntil().isAfter(allocation.now())) {
                held -= stored.quantity();
            }
            if (held + allocation.quantity() > allocation.buyerCap()) {
                throw new BuyerLimitExceededException(
                        order.buyerId(),
                        (int) Math.min(Integer.MAX_VALUE, allocation.buyerCap()),
                        held,
                        allocation.quantity());
            }
        }
        List<CardKey> picked = new ArrayList<>(allocation.quantity());
        codes.forEach(allocation.sku(), CardKeyState.AVAILABLE, allocation.now(), id -> {
            picked.add(codes.get(id));
            return picked.size() < allocation.quantity();
        });
        if (picked.size() < allocation.quantity()) {
            throw new InsufficientStockException(
                    allocation.sku(),
                    allocation.quantity(),
                    codes.countAfter(allocation.sku(), CardKeyState.AVAILABLE, allocation.now()));
        }
        List<CardKey> moved = new ArrayList<>(picked.size());
        for (CardKey key : picked) {
            CardKey next = key.assignTo(allocation.target(), order.orderId());
            codes.update(next);
            moved.add(next);
        }
        return moved;
    }

    private void write(Order order) {
        Order old = orders.put(order.orderId(), order);
        if (old != null) {
            orderSlot(old).remove(new Oldest(old.createdAt(), old.orderId()));
            if (old.state() == OrderState.RESERVED) {
                due.remove(new Due(old.reservedUntil(), old.orderId()));
                reservedByBuyer.get(old.buyerId()).remove(old.orderId());
            }
        }
        orderSlot(order).add(new Oldest(order.createdAt(), order.orderId()));
        if (order.state() == OrderState.RESERVED) {
            due.add(new Due(order.reservedUntil(), order.orderId()));
            reservedByBuyer
                    .computeIfAbsent(order.buyerId(), b -> new HashSet<>())
                    .add(order.orderId());
        }
    }

    private NavigableSet<Oldest> orderSlot(Order order) {
        return ordersByProductState
                .computeIfAbsent(order.sku(), s -> new EnumMap<>(OrderState.class))
                .computeIfAbsent(order.state(), s -> new TreeSet<>());
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " was " + value + "; must be at least 1");
        }
    }
}
