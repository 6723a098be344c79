package io.cardkey.postgres.internal;

import io.cardkey.ledger.Account;
import io.cardkey.ledger.AccountConstraint;
import io.cardkey.ledger.AccountId;
import io.cardkey.ledger.Posting;
import io.cardkey.ledger.Transaction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Currency;
import java.util.Map;

/**
 * Encodes the entries of the ledger outbox: transactions and account openings not yet chained. The format is private
 * to this module and lives only until the sealer chains the entry; the ledger's canonical encoding is what is hashed.
 * Layout: a version byte (1), then for a transaction id, type, postings (count, then debit, credit, amount each),
 * metadata (count, then key and value each) and payload (length, -1 for none, then bytes); for an account id,
 * currency code and constraint name. Strings are modified UTF-8 as {@link DataOutputStream#writeUTF} writes them.
 */
public final class EntryCodec {
    private static final int VERSION = 1;

    private EntryCodec() {}

    /**
     * Encodes a transaction.
     *
     * @param tx the transaction
     * @return its bytes
     */
    public static byte[] transaction(Transaction tx) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(tx.id());
            out.writeUTF(tx.type());
            out.writeShort(tx.postings().size());
            for (Posting p : tx.postings()) {
                out.writeUTF(p.debit().value());
                out.writeUTF(p.credit().value());
                out.writeLong(p.amount());
            }
            out.writeShort(tx.metadata().size());
            for (Map.Entry<String, String> e : tx.metadata().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            byte[] payload = tx.payload().orElse(null);
            out.writeInt(payload == null ? -1 : payload.length);
            if (payload != null) {
                out.write(payload);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array stream does not fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes a transaction written by {@link #transaction(Transaction)}.
     *
     * @param body the bytes
     * @return the transaction
     * @throws IllegalArgumentException if the bytes are not such an encoding
     */
    public static Transaction toTransaction(byte[] body) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            version(in);
            Transaction.Builder b = Transaction.builder(in.readUTF(), in.readUTF());
            int postings = in.readUnsignedShort();
            for (int i = 0; i < postings; i++) {
                b.posting(AccountId.of(in.readUTF()), AccountId.of(in.readUTF()), in.readLong());
            }
            int metadata = in.readUnsignedShort();
            for (int i = 0; i < metadata; i++) {
                b.metadata(in.readUTF(), in.readUTF());
            }
            int length = in.readInt();
            if (length >= 0) {
                b.payload(in.readNBytes(length));
            }
            end(in);
            return b.build();
        } catch (IOException e) {
            throw new IllegalArgumentException("a pending ledger transaction was truncated", e);
        }
    }

    /**
     * Encodes an account.
     *
     * @param account the account
     * @return its bytes
     */
    public static byte[] account(Account account) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(account.id().value());
            out.writeUTF(account.currency().getCurrencyCode());
            out.writeUTF(account.constraint().name());
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array stream does not fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes an account written by {@link #account(Account)}.
     *
     * @param body the bytes
     * @return the account
     * @throws IllegalArgumentException if the bytes are not such an encoding
     */
    public static Account toAccount(byte[] body) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            version(in);
            Account account = Account.of(
                    AccountId.of(in.readUTF()),
                    Currency.getInstance(in.readUTF()),
                    AccountConstraint.valueOf(in.readUTF()));
            end(in);
            return account;
        } catch (IOException e) {
            throw new IllegalArgumentException("a pending ledger account was truncated", e);
        }
    }

    private static void version(DataInputStream in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IllegalArgumentException(
                    "pending ledger entry version was " + version + "; this library reads " + VERSION);
        }
    }

    private static void end(DataInputStream in) throws IOException {
        if (in.read() != -1) {
            throw new IllegalArgumentException("a pending ledger entry had bytes after its end");
        }
    }
}
