package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JSON Lines export and import with checkpoint lines: {@link Ledger#exportJsonLines(java.io.Writer, List)}. */
class JsonLinesTest {
    private static final CheckpointSigner SIGNER = CheckpointSigner.generate("shop.example.com/ledger");
    private static final CheckpointSigner OTHER = CheckpointSigner.generate("shop.example.com/ledger");
    private static final Currency CNY = Currency.getInstance("CNY");
    private static final AccountId CASH = AccountId.of("platform:cash");
    private static final AccountId SHOP = AccountId.of("shop");

    /** A ledger of 2 accounts and 3 transactions with a checkpoint after the first transaction and at the end. */
    private static String exportWithCheckpoints(List<SignedCheckpoint> checkpoints) {
        try (Ledger ledger = Ledger.open(LedgerStore.inMemory())) {
            ledger.openAccount(Account.of(CASH, CNY));
            ledger.openAccount(Account.of(SHOP, CNY));
            ledger.append(Transaction.of("t1", "sale", CASH, SHOP, 5));
            checkpoints.add(ledger.checkpoint(SIGNER));
            ledger.append(Transaction.of("t2", "sale", CASH, SHOP, 6));
            ledger.append(Transaction.of("t3", "sale", CASH, SHOP, 7));
            checkpoints.add(ledger.checkpoint(SIGNER));
            StringWriter out = new StringWriter();
            ledger.exportJsonLines(out, checkpoints);
            return out.toString();
        }
    }

    @Test
    void exportWithCheckpoints_importWithKey_verifiesEveryLine() {
        List<SignedCheckpoint> checkpoints = new java.util.ArrayList<>();
        String export = exportWithCheckpoints(checkpoints);
        String[] lines = export.split("\n");
        assertThat(lines).hasSize(7);
        assertThat(lines[5]).startsWith("{\"checkpoint\":");
        try (Ledger imported = Ledger.builder()
                .importJsonLines(new StringReader(export), LedgerStore.inMemory(), SIGNER.verifierKey())) {
            assertThat(imported.lastSequence()).isEqualTo(5);
            assertThat(imported.balance(SHOP).creditsPosted()).isEqualTo(18);
            imported.verifyCheckpoint(checkpoints.get(0).checkpoint());
        }
    }

    @Test
    void importCheckpoint_withoutKey_throwsNamingLine() {
        String export = exportWithCheckpoints(new java.util.ArrayList<>());
        assertThatThrownBy(() -> Ledger.importJsonLines(new StringReader(export), LedgerStore.inMemory()))
                .isInstanceOfSatisfying(LedgerImportException.class, e -> {
                    assertThat(e.getLine()).isEqualTo(6);
                    assertThat(e.getMessage()).contains("verifier key");
                });
    }

    @Test
    void importCheckpoint_signedByAnotherKey_throwsNamingLine() {
        String export = exportWithCheckpoints(new java.util.ArrayList<>());
        assertThatThrownBy(() -> Ledger.builder()
                        .importJsonLines(new StringReader(export), LedgerStore.inMemory(), OTHER.verifierKey()))
                .isInstanceOfSatisfying(
                        LedgerImportException.class,
                        e -> assertThat(e.getLine()).isEqualTo(6));
    }

    @Test
    void importCheckpoint_ofOtherRecords_throwsNamingLine() {
        List<SignedCheckpoint> checkpoints = new java.util.ArrayList<>();
        String export = exportWithCheckpoints(checkpoints);
        // Drop the last transaction: the final checkpoint (over 5 records) now covers more than was imported.
        String[] lines = export.split("\n");
        String shortened = String.join("\n", lines[0], lines[1], lines[2], lines[3], lines[5], lines[6]) + "\n";
        assertThatThrownBy(() -> Ledger.builder()
                        .importJsonLines(new StringReader(shortened), LedgerStore.inMemory(), SIGNER.verifierKey()))
                .isInstanceOfSatisfying(LedgerImportException.class, e -> {
                    assertThat(e.getLine()).isEqualTo(6);
                    assertThat(e.getMessage()).contains("checkpoint fails verification");
                });
    }

    @Test
    void importRecord_afterCheckpointLine_throwsNamingLine() {
        String export = exportWithCheckpoints(new java.util.ArrayList<>());
        String[] lines = export.split("\n");
        String reordered = String.join("\n", lines[0], lines[1], lines[2], lines[3], lines[5], lines[4]) + "\n";
        assertThatThrownBy(() -> Ledger.builder()
                        .importJsonLines(new StringReader(reordered), LedgerStore.inMemory(), SIGNER.verifierKey()))
                .isInstanceOfSatisfying(LedgerImportException.class, e -> {
                    assertThat(e.getLine()).isEqualTo(6);
                    assertThat(e.getMessage()).contains("follows the checkpoint lines");
                });
    }

    @Test
    void importCheckpointLine_withExtraField_throwsNamingLine() {
        String export = exportWithCheckpoints(new java.util.ArrayList<>());
        String tampered = export.replaceFirst("\\{\"checkpoint\":", "{\"extra\":1,\"checkpoint\":");
        assertThatThrownBy(() -> Ledger.builder()
                        .importJsonLines(new StringReader(tampered), LedgerStore.inMemory(), SIGNER.verifierKey()))
                .isInstanceOfSatisfying(
                        LedgerImportException.class,
                        e -> assertThat(e.getLine()).isEqualTo(6));
    }

    @Test
    void export_checkpointOfAnotherLedger_throwsAndWritesNothing() {
        SignedCheckpoint foreign;
        try (Ledger other = Ledger.open(LedgerStore.inMemory())) {
            other.openAccount(Account.of(SHOP, CNY));
            foreign = other.checkpoint(SIGNER);
        }
        try (Ledger ledger = Ledger.open(LedgerStore.inMemory())) {
            ledger.openAccount(Account.of(CASH, CNY));
            StringWriter out = new StringWriter();
            assertThatThrownBy(() -> ledger.exportJsonLines(out, List.of(foreign)))
                    .isInstanceOf(ProofVerificationException.class);
            assertThat(out.toString()).isEmpty();
        }
    }
}
