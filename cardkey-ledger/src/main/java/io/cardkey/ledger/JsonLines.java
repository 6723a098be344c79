package io.cardkey.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The JSON Lines export format: one object per record, holding the canonical bytes (which are what is verified), the
 * sealed values of its sensitive metadata if it has any (salts and values, or zeros where they were erased) and a
 * readable rendering of both. On import the rendering must be exactly what the bytes say, so that nobody reads a
 * different story than the one that is hashed. Checkpoint lines, each holding one signed note, follow the records.
 */
final class JsonLines {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);
    private static final int IMPORT_BATCH = 1000;
    private static final String CHECKPOINT = "checkpoint";
    private static final String SEALED = "sealed";

    private JsonLines() {}

    static ObjectNode toJson(LedgerRecord r) {
        HexFormat hex = HexFormat.of();
        ObjectNode n = MAPPER.createObjectNode();
        n.put("sequence", r.sequence());
        n.put("kind", r.kind().name());
        n.put("timestamp", r.timestamp().toString());
        n.put("previousHash", hex.formatHex(r.previousHashShared()));
        n.put("hash", hex.formatHex(r.hashShared()));
        n.put("canonical", Base64.getEncoder().encodeToString(r.canonicalBytes()));
        byte[] stored = r.storedBytesShared();
        if (r.sensitiveKeysOrNull() != null) {
            n.put(
                    SEALED,
                    Base64.getEncoder()
                            .encodeToString(Arrays.copyOfRange(
                                    stored, r.canonicalLength(), stored.length - RecordCodec.FOOTER_LENGTH)));
        }
        Account a = r.accountOrNull();
        if (a != null) {
            ObjectNode an = n.putObject("account");
            an.put("id", a.id().value());
            an.put("currency", a.currency().getCurrencyCode());
            an.put("constraint", a.constraint().name());
        }
        Transaction tx = r.transactionOrNull();
        if (tx != null) {
            ObjectNode tn = n.putObject("transaction");
            tn.put("id", tx.id());
            tn.put("type", tx.type());
            ArrayNode postings = tn.putArray("postings");
            for (Posting p : tx.postings()) {
                ObjectNode pn = postings.addObject();
                pn.put("debit", p.debit().value());
                pn.put("credit", p.credit().value());
                pn.put("amount", p.amount());
            }
            ObjectNode metadata = tn.putObject("metadata");
            for (Map.Entry<String, String> e : tx.metadata().entrySet()) {
                metadata.put(e.getKey(), e.getValue());
            }
            if (r.sensitiveKeysOrNull() != null) {
                ObjectNode hashes = tn.putObject("sensitiveMetadataHashes");
                for (String key : r.sensitiveKeysOrNull()) {
                    hashes.put(key, hex.formatHex(r.sensitiveMetadataHash(key).orElseThrow()));
                }
                ArrayNode redacted = tn.putArray("redactedMetadata");
                tx.redactedMetadataKeys().forEach(redacted::add);
            }
            if (tx.payloadOrNull() != null) {
                tn.put("payload", Base64.getEncoder().encodeToString(tx.payloadOrNull()));
            }
        }
        if (r.holdTimeoutOrNull() != null) {
            n.put("holdTimeout", r.holdTimeoutOrNull().toString());
        }
        if (r.holdIdOrNull() != null) {
            n.put("holdId", r.holdIdOrNull());
        }
        if (r.kind() == RecordKind.HOLD_POSTED) {
            n.put("postedAmount", r.postedAmountRaw());
        }
        if (r.rejectionOrNull() != null) {
            n.put("rejection", r.rejectionOrNull().toException(tx.id()).getMessage());
        }
        Redaction d = r.redactionOrNull();
        if (d != null) {
            ObjectNode dn = n.putObject("redaction");
            dn.put("transactionId", d.transactionId());
            dn.put("transactionSequence", d.transactionSequence());
            dn.put("key", d.key());
            dn.put("metadataHash", hex.formatHex(r.redactedHashOrNull()));
            dn.put("requestedBy", d.requestedBy());
            dn.put("reason", d.reason());
        }
        return n;
    }

    /** Writes records as JSON Lines. */
    static final class Exporter {
        private final Writer out;

        Exporter(Writer out) {
            this.out = out;
        }

        void write(LedgerRecord r) {
            writeLine(toJson(r));
        }

        /** Writes one checkpoint line, after the records: {@code {"checkpoint": "<the signed note>"}}. */
        void write(SignedCheckpoint c) {
            ObjectNode n = MAPPER.createObjectNode();
            n.put(CHECKPOINT, c.note());
            writeLine(n);
        }

        private void writeLine(ObjectNode n) {
            try {
                out.write(MAPPER.writeValueAsString(n));
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A checkpoint line of an import: its line number and the signed note, checked once the records are in. */
    static final class CheckpointLine {
        final long line;
        final String note;

        CheckpointLine(long line, String note) {
            this.line = line;
            this.note = note;
        }
    }

    /** Puts a record's stored form together from its canonical bytes and sealed values, as {@link RecordCodec} does. */
    private static byte[] storedForm(byte[] canonical, byte[] sealed) {
        if (canonical.length > 0 && canonical[0] == 1) {
            if (sealed.length > 0) {
                throw new IllegalArgumentException("a version 1 record has no sealed values");
            }
            return canonical;
        }
        if (sealed.length > 0xFFFF) {
            throw new IllegalArgumentException("sealed values of " + sealed.length + " bytes");
        }
        byte[] stored = Arrays.copyOf(canonical, canonical.length + sealed.length + RecordCodec.FOOTER_LENGTH);
        System.arraycopy(sealed, 0, stored, canonical.length, sealed.length);
        stored[stored.length - 2] = (byte) (sealed.length >>> 8);
        stored[stored.length - 1] = (byte) sealed.length;
        return stored;
    }

    /**
     * Reads the record lines into {@code store}, re-verifying each, and returns the checkpoint lines that follow them
     * for the caller to check against the imported records.
     */
    static List<CheckpointLine> importInto(Reader reader, LedgerStore store) {
        BufferedReader in = reader instanceof BufferedReader ? (BufferedReader) reader : new BufferedReader(reader);
        LedgerState state = new LedgerState();
        RecordCodec.Decoder md = new RecordCodec.Decoder();
        List<byte[]> batch = new ArrayList<>(IMPORT_BATCH);
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        List<CheckpointLine> checkpoints = new ArrayList<>();
        long line = 0;
        long records = 0;
        try {
            String text;
            while ((text = in.readLine()) != null) {
                line++;
                JsonNode node;
                try {
                    node = MAPPER.readTree(text);
                } catch (JsonProcessingException e) {
                    throw new LedgerImportException(line, "not a JSON object", e);
                }
                if (node == null || !node.isObject()) {
                    throw new LedgerImportException(line, "not a JSON object", null);
                }
                JsonNode note = node.get(CHECKPOINT);
                if (note != null) {
                    if (!note.isTextual() || node.size() != 1) {
                        throw new LedgerImportException(
                                line, "a checkpoint line must hold only the text field 'checkpoint'", null);
                    }
                    checkpoints.add(new CheckpointLine(line, note.asText()));
                    continue;
                }
                if (!checkpoints.isEmpty()) {
                    throw new LedgerImportException(line, "a record follows the checkpoint lines", null);
                }
                JsonNode canonical = node.get("canonical");
                if (canonical == null || !canonical.isTextual()) {
                    throw new LedgerImportException(line, "has no 'canonical' text field", null);
                }
                byte[] bytes;
                try {
                    bytes = storedForm(
                            Base64.getDecoder().decode(canonical.asText()),
                            node.has(SEALED)
                                    ? Base64.getDecoder()
                                            .decode(node.get(SEALED).asText())
                                    : new byte[0]);
                } catch (IllegalArgumentException e) {
                    throw new LedgerImportException(line, "'canonical' or 'sealed' is not base64 of a record", e);
                }
                LedgerRecord r;
                try {
                    r = Ledger.decode(line, bytes, md);
                    state.replay(line, r);
                } catch (LedgerException e) {
                    throw new LedgerImportException(line, e.getMessage(), e);
                }
                JsonNode hash = node.get("hash");
                if (hash == null || !HexFormat.of().formatHex(r.hashShared()).equals(hash.asText())) {
                    throw new LedgerImportException(line, "'hash' is not the SHA-256 of the canonical bytes", null);
                }
                if (!toJson(r).equals(node)) {
                    throw new LedgerImportException(
                            line, "the readable fields do not say what the canonical bytes say", null);
                }
                batch.add(bytes);
                records = line;
                if (batch.size() == IMPORT_BATCH) {
                    pending.add(store.append(records - batch.size() + 1, batch));
                    batch = new ArrayList<>(IMPORT_BATCH);
                }
            }
            if (!batch.isEmpty()) {
                pending.add(store.append(records - batch.size() + 1, batch));
            }
        } catch (IOException e) {
            throw new LedgerImportException(line + 1, "cannot be read: " + e.getMessage(), e);
        }
        for (CompletableFuture<Void> f : pending) {
            f.join();
        }
        return checkpoints;
    }
}
