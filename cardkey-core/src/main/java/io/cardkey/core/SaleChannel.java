package io.cardkey.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * How an order is sold through the distributor network, fixed when it is reserved: who sells (or buys), the price
 * list's quote the order's price comes from, and the upline chain that earns on the sale.
 *
 * <p>Taken by {@link CardKeys#reserve(String, String, Sku, int, java.time.Duration, DistributorId)} (a customer buys
 * through a distributor's shop) and {@link CardKeys#reservePurchase} (a distributor buys for itself at its own
 * price), recorded in the ledger with the reservation and used unchanged when the order is confirmed, so moving,
 * re-tiering or suspending a distributor after the reservation never changes what the order costs or who earns on
 * it. Read it back with {@link CardKeys#saleChannel(String)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind whether a customer buys through a distributor, or a distributor buys for itself
 * @param distributor the selling distributor ({@link Kind#RESALE}) or the buying one ({@link Kind#PURCHASE})
 * @param quote the quote the order's price is; it names the rule that produced it
 * @param chain the chain that earns: the seller and its uplines for a resale, the buyer's uplines for a purchase
 */
public record SaleChannel(Kind kind, DistributorId distributor, Quote quote, UplineChain chain) {
    private static final int FORMAT = 1;

    /** Who buys through whom. */
    public enum Kind {
        /** An end customer buys at the customer tier's price through a distributor (level 1 of the chain). */
        RESALE,
        /**
         * A distributor buys for itself at its own price (its override, else its tier's quantity break, else its
         * tier price); its uplines earn.
         */
        PURCHASE
    }

    /**
     * Checks the components.
     *
     * @param kind the kind
     * @param distributor the seller or buyer
     * @param quote the quote
     * @param chain the chain
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if a resale's chain does not start with its seller, or a purchase's chain
     *     contains its buyer
     */
    public SaleChannel {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(distributor, "distributor");
        Objects.requireNonNull(quote, "quote");
        Objects.requireNonNull(chain, "chain");
        if (kind == Kind.RESALE
                && (chain.isEmpty() || !chain.level(1).distributor().equals(distributor))) {
            throw new IllegalArgumentException(
                    "chain was " + chain + "; a resale's chain must start with its seller " + distributor);
        }
        if (kind == Kind.PURCHASE
                && chain.links().stream().anyMatch(l -> l.distributor().equals(distributor))) {
            throw new IllegalArgumentException(
                    "chain was " + chain + "; a purchase's chain holds the buyer's uplines, not " + distributor);
        }
    }

    /** Encodes the channel for the ledger record of the reservation. */
    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(kind.name());
            out.writeUTF(distributor.code());
            out.writeUTF(quote.sku().code());
            writeTier(out, quote.tier());
            out.writeUTF(quote.distributor().map(DistributorId::code).orElse(""));
            out.writeLong(quote.quantity());
            out.writeUTF(quote.unitPrice().currency().getCurrencyCode());
            out.writeLong(quote.unitPrice().minorUnits());
            out.writeUTF(quote.source().name());
            out.writeLong(quote.breakQuantity().orElse(0));
            out.writeInt(chain.size());
            for (UplineChain.Link link : chain.links()) {
                out.writeUTF(link.distributor().code());
                writeTier(out, link.tier());
                out.writeBoolean(link.suspended());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes a channel written by {@link #encode()}.
     *
     * @throws IllegalStateException if the bytes are not such a record (the ledger was written by something else)
     */
    static SaleChannel decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IllegalStateException("sale channel record format was " + format + "; expected " + FORMAT);
            }
            Kind kind = Kind.valueOf(in.readUTF());
            DistributorId distributor = DistributorId.of(in.readUTF());
            Sku sku = Sku.of(in.readUTF());
            Tier tier = readTier(in);
            String quoted = in.readUTF();
            long quantity = in.readLong();
            Currency currency = Currency.getInstance(in.readUTF());
            Money unitPrice = Money.ofMinor(in.readLong(), currency);
            PriceSource source = PriceSource.valueOf(in.readUTF());
            long breakQuantity = in.readLong();
            int links = in.readInt();
            List<UplineChain.Link> chain = new ArrayList<>();
            for (int i = 0; i < links; i++) {
                chain.add(new UplineChain.Link(DistributorId.of(in.readUTF()), readTier(in), in.readBoolean()));
            }
            Quote quote = new Quote(
                    sku,
                    tier,
                    quoted.isEmpty() ? null : DistributorId.of(quoted),
                    quantity,
                    unitPrice,
                    source,
                    breakQuantity);
            return new SaleChannel(kind, distributor, quote, UplineChain.of(chain));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("sale channel record is malformed: " + e.getMessage(), e);
        }
    }

    private static void writeTier(DataOutputStream out, Tier tier) throws IOException {
        out.writeUTF(tier.name());
        out.writeInt(tier.rank());
    }

    private static Tier readTier(DataInputStream in) throws IOException {
        return Tier.of(in.readUTF(), in.readInt());
    }
}
