package io.cardkey.core.internal;

import io.cardkey.core.Batch;
import io.cardkey.core.CardKey;
import io.cardkey.core.CardKeyState;
import io.cardkey.core.InventoryStore.ProtectedForms;
import io.cardkey.core.InventoryStore.StockedCardKey;
import io.cardkey.core.Money;
import io.cardkey.core.Order;
import io.cardkey.core.OrderState;
import io.cardkey.core.Product;
import io.cardkey.core.Sku;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * Encodes inventory rows as ledger payloads, so the inventory can be rebuilt from the ledger alone: big-endian,
 * a format byte first, strings as modified UTF-8 ({@link DataOutputStream#writeUTF}), optional values behind a
 * presence byte, instants as epoch second + nano. A row's payload never holds a plaintext code: sealed secrets and
 * blind indexes only.
 */
final class RowCodec {
    static final int FORMAT = 1;

    /** The most card-key ids an order payload lists; larger orders are rebuilt from their codes' order ids. */
    static final int MAX_LISTED_IDS = 400;

    private RowCodec() {}

    /** A decoded card-key row with its protected forms, present only for stocking records. */
    record Row(CardKey key, Optional<byte[]> blindIndex, Optional<byte[]> sealed) {}

    /**
     * A decoded order; ids empty when the payload did not list them; {@code moved} the rows of the codes the change
     * moved, when the order's event carries them.
     */
    record OrderRow(Order order, boolean idsListed, List<CardKey> moved) {}

    static byte[] cardKey(CardKey key, Optional<StockedCardKey> stocked) {
        return write(out -> {
            writeCardKey(out, key);
            out.writeBoolean(stocked.isPresent());
            if (stocked.isPresent()) {
                writeBytes(out, stocked.get().blindIndex());
                writeBytes(out, stocked.get().sealedSecret());
            }
        });
    }

    static Row cardKey(byte[] payload) {
        return read(payload, in -> {
            CardKey key = readCardKey(in);
            if (in.readBoolean()) {
                return new Row(key, Optional.of(readBytes(in)), Optional.of(readBytes(in)));
            }
            return new Row(key, Optional.empty(), Optional.empty());
        });
    }

    private static void writeCardKey(DataOutputStream out, CardKey key) throws IOException {
        out.writeUTF(key.sku().code());
        out.writeUTF(key.batchId());
        out.writeLong(key.id());
        out.writeByte(key.state().ordinal());
        out.writeByte(key.frozenFrom().map(Enum::ordinal).orElse(-1));
        writeInstant(out, key.expiresAt());
        writeString(out, key.orderId());
        out.writeBoolean(key.revealed());
        out.writeLong(key.salesCount());
        out.writeUTF(key.maskedCode());
        out.writeLong(key.version());
    }

    private static CardKey readCardKey(DataInputStream in) throws IOException {
        Sku sku = Sku.of(in.readUTF());
        String batch = in.readUTF();
        long id = in.readLong();
        CardKeyState state = CardKeyState.values()[in.readByte()];
        int frozen = in.readByte();
        Optional<Instant> expires = readInstant(in);
        Optional<String> order = readString(in);
        boolean revealed = in.readBoolean();
        long sales = in.readLong();
        String masked = in.readUTF();
        long version = in.readLong();
        return new CardKey(
                id,
                sku,
                batch,
                state,
                frozen < 0 ? Optional.empty() : Optional.of(CardKeyState.values()[frozen]),
                expires,
                order,
                revealed,
                sales,
                masked,
                version);
    }

    static byte[] order(Order order) {
        return order(order, List.of());
    }

    /**
     * Encodes an order with the rows of the codes its change moved ({@code moved} may be empty): one event records
     * both, and the codes are rebuilt from it as from their own events. Payloads without moved rows end after the
     * version, as before they could carry any.
     */
    static byte[] order(Order order, List<CardKey> moved) {
        return write(out -> {
            out.writeUTF(order.orderId());
            out.writeUTF(order.buyerId());
            out.writeUTF(order.sku().code());
            out.writeInt(order.quantity());
            out.writeByte(order.state().ordinal());
            writeInstant(out, Optional.of(order.createdAt()));
            writeInstant(out, Optional.of(order.reservedUntil()));
            writeMoney(out, order.price());
            writeString(out, order.paymentReference());
            boolean listed = order.cardKeyIds().size() <= MAX_LISTED_IDS;
            out.writeInt(listed ? order.cardKeyIds().size() : -1);
            if (listed) {
                for (long id : order.cardKeyIds()) {
                    out.writeLong(id);
                }
            }
            out.writeLong(order.version());
            if (!moved.isEmpty()) {
                out.writeInt(moved.size());
                for (CardKey key : moved) {
                    writeCardKey(out, key);
                }
            }
        });
    }

    static OrderRow order(byte[] payload) {
        return read(payload, in -> {
            String orderId = in.readUTF();
            String buyer = in.readUTF();
            Sku sku = Sku.of(in.readUTF());
            int quantity = in.readInt();
            OrderState state = OrderState.values()[in.readByte()];
            Instant created = readInstant(in).orElseThrow();
            Instant until = readInstant(in).orElseThrow();
            Money price = readMoney(in);
            Optional<String> payment = readString(in);
            int n = in.readInt();
            List<Long> ids = new ArrayList<>(Math.max(n, 0));
            for (int i = 0; i < n; i++) {
                ids.add(in.readLong());
            }
            long version = in.readLong();
            Order order = new Order(orderId, buyer, sku, quantity, state, created, until, price, payment, ids, version);
            List<CardKey> moved = new ArrayList<>();
            if (in.available() > 0) {
                int m = in.readInt();
                if (m < 1 || m > payload.length) {
                    throw new IllegalStateException("order payload carries " + m + " code rows");
                }
                for (int i = 0; i < m; i++) {
                    moved.add(readCardKey(in));
                }
            }
            return new OrderRow(order, n >= 0, moved);
        });
    }

    /** The bytes a code's row takes in {@link #codes(List)}, at most. */
    static int codeRowSize(CardKey key) {
        return 2
                + utfLength(key.sku().code())
                + 2
                + utfLength(key.batchId())
                + 8
                + 1
                + 1
                + 13
                + 3
                + key.orderId().map(o -> utfLength(o)).orElse(0)
                + 1
                + 8
                + 2
                + utfLength(key.maskedCode())
                + 8;
    }

    /** Encodes the rows of codes one change moved: a codes payload. */
    static byte[] codes(List<CardKey> keys) {
        return write(out -> {
            out.writeInt(keys.size());
            for (CardKey key : keys) {
                writeCardKey(out, key);
            }
        });
    }

    /** Decodes a codes payload. */
    static List<CardKey> codes(byte[] payload) {
        return read(payload, in -> {
            int n = in.readInt();
            if (n < 1 || n > payload.length) {
                throw new IllegalStateException("codes payload lists " + n + " codes");
            }
            List<CardKey> keys = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                keys.add(readCardKey(in));
            }
            return keys;
        });
    }

    /** The bytes a stocking payload spends before its rows. */
    static int stockHeaderSize(Sku sku, String batchId) {
        return 1 + 2 + utfLength(sku.code()) + 2 + utfLength(batchId) + 13 + 4;
    }

    /** The bytes one row takes in a stocking payload. */
    static int stockRowSize(CardKey key, int blindIndexLength, int sealedLength) {
        return 8 + 2 + utfLength(key.maskedCode()) + 2 + blindIndexLength + 2 + sealedLength;
    }

    /**
     * Encodes newly stocked codes of one product, batch and expiry, each at version 1 and available: the stocking
     * payload, which carries the sealed secrets and blind indexes the inventory is rebuilt from.
     */
    static byte[] stock(List<StockedCardKey> rows) {
        CardKey first = rows.get(0).cardKey();
        return write(out -> {
            out.writeUTF(first.sku().code());
            out.writeUTF(first.batchId());
            writeInstant(out, first.expiresAt());
            out.writeInt(rows.size());
            for (StockedCardKey row : rows) {
                CardKey key = row.cardKey();
                if (!key.sku().equals(first.sku())
                        || !key.batchId().equals(first.batchId())
                        || !key.expiresAt().equals(first.expiresAt())
                        || !key.equals(CardKey.available(
                                key.id(), key.sku(), key.batchId(), key.expiresAt(), key.maskedCode()))) {
                    throw new IllegalArgumentException(
                            "card key " + key.id() + " is not a new code of the chunk's product, batch and expiry");
                }
                out.writeLong(key.id());
                out.writeUTF(key.maskedCode());
                writeBytes(out, row.blindIndex());
                writeBytes(out, row.sealedSecret());
            }
        });
    }

    /** Decodes a stocking payload. */
    static List<StockedCardKey> stock(byte[] payload) {
        return read(payload, in -> {
            Sku sku = Sku.of(in.readUTF());
            String batch = in.readUTF();
            Optional<Instant> expires = readInstant(in);
            int n = in.readInt();
            if (n < 1 || n > payload.length) {
                throw new IllegalStateException("stocking payload lists " + n + " codes");
            }
            List<StockedCardKey> rows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long id = in.readLong();
                String masked = in.readUTF();
                byte[] index = readBytes(in);
                byte[] sealed = readBytes(in);
                rows.add(new StockedCardKey(CardKey.available(id, sku, batch, expires, masked), index, sealed));
            }
            return rows;
        });
    }

    /** The bytes one code takes in a re-sealing payload. */
    static int formsSize(ProtectedForms forms) {
        return 8 + 2 + forms.blindIndex().length + 2 + forms.sealedSecret().length;
    }

    /** Encodes the new protected forms of codes moved to a keyset's primary key: a re-sealing payload. */
    static byte[] forms(List<ProtectedForms> forms) {
        return write(out -> {
            out.writeInt(forms.size());
            for (ProtectedForms f : forms) {
                out.writeLong(f.cardKeyId());
                writeBytes(out, f.blindIndex());
                writeBytes(out, f.sealedSecret());
            }
        });
    }

    /** Decodes a re-sealing payload. */
    static List<ProtectedForms> forms(byte[] payload) {
        return read(payload, in -> {
            int n = in.readInt();
            if (n < 1 || n > payload.length) {
                throw new IllegalStateException("re-sealing payload lists " + n + " codes");
            }
            List<ProtectedForms> forms = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                forms.add(new ProtectedForms(in.readLong(), readBytes(in), readBytes(in)));
            }
            return forms;
        });
    }

    /** The length of {@link DataOutputStream#writeUTF}'s encoding, without its 2-byte length. */
    static int utfLength(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c >= 1 && c <= 0x7F ? 1 : c <= 0x7FF ? 2 : 3;
        }
        return n;
    }

    static byte[] product(Product product) {
        return write(out -> {
            out.writeUTF(product.sku().code());
            out.writeUTF(product.name());
            writeMoney(out, product.unitPrice());
            out.writeBoolean(product.reusable());
        });
    }

    static Product product(byte[] payload) {
        return read(payload, in -> new Product(Sku.of(in.readUTF()), in.readUTF(), readMoney(in), in.readBoolean()));
    }

    static byte[] batch(Batch batch) {
        return write(out -> {
            out.writeUTF(batch.batchId());
            out.writeUTF(batch.sku().code());
            out.writeUTF(batch.supplier());
            writeMoney(out, batch.unitCost());
            out.writeByte(batch.source().ordinal());
            writeInstant(out, batch.expiresAt());
        });
    }

    static Batch batch(byte[] payload) {
        return read(
                payload,
                in -> new Batch(
                        in.readUTF(),
                        Sku.of(in.readUTF()),
                        in.readUTF(),
                        readMoney(in),
                        Batch.Source.values()[in.readByte()],
                        readInstant(in)));
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding to memory failed", e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] payload, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IllegalStateException(
                        "inventory payload format was " + format + "; this version reads " + FORMAT);
            }
            return reader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("inventory payload is truncated", e);
        }
    }

    private static void writeInstant(DataOutputStream out, Optional<Instant> instant) throws IOException {
        out.writeBoolean(instant.isPresent());
        if (instant.isPresent()) {
            out.writeLong(instant.get().getEpochSecond());
            out.writeInt(instant.get().getNano());
        }
    }

    private static Optional<Instant> readInstant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Optional.of(Instant.ofEpochSecond(in.readLong(), in.readInt())) : Optional.empty();
    }

    private static void writeString(DataOutputStream out, Optional<String> value) throws IOException {
        out.writeBoolean(value.isPresent());
        if (value.isPresent()) {
            out.writeUTF(value.get());
        }
    }

    private static Optional<String> readString(DataInputStream in) throws IOException {
        return in.readBoolean() ? Optional.of(in.readUTF()) : Optional.empty();
    }

    private static void writeMoney(DataOutputStream out, Money money) throws IOException {
        out.writeUTF(money.currency().getCurrencyCode());
        out.writeLong(money.minorUnits());
    }

    private static Money readMoney(DataInputStream in) throws IOException {
        Currency currency = Currency.getInstance(in.readUTF());
        return Money.ofMinor(in.readLong(), currency);
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeShort(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readUnsignedShort()];
        in.readFully(bytes);
        return bytes;
    }
}
