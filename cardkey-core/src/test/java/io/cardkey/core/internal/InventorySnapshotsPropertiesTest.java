package io.cardkey.core.internal;

import static io.cardkey.core.internal.SnapshotFixture.KEYSET;
import static io.cardkey.core.internal.SnapshotFixture.SKU;
import static io.cardkey.core.internal.SnapshotFixture.dump;
import static io.cardkey.core.internal.SnapshotFixture.withLedger;
import static org.assertj.core.api.Assertions.assertThat;

import io.cardkey.core.CardKeyException;
import io.cardkey.core.CardKeys;
import io.cardkey.core.MutableClock;
import io.cardkey.core.Order;
import io.cardkey.core.Payment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of imports, reservations, confirmations, releases, refunds, freezes, reservation expiry and reopens
 * of a data directory, where a reopen is clean (snapshot at close), a crash (the close's snapshot never written, so
 * an older snapshot plus a longer tail is loaded) or a damaged snapshot (its bytes flipped, so it must be skipped):
 * every reopen gives back exactly the state before it, and at the end the snapshot path and a full replay of the
 * ledger agree on every query.
 */
class InventorySnapshotsPropertiesTest {
    private static final Duration TTL = Duration.ofMinutes(10);

    /** One step of a run. */
    record Step(Kind kind, int a, int b) {}

    enum Kind {
        IMPORT,
        RESERVE,
        CONFIRM,
        RELEASE,
        REFUND,
        FREEZE,
        UNFREEZE,
        EXPIRE,
        REOPEN_CLEAN,
        REOPEN_CRASH,
        REOPEN_DAMAGED
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(
                        Arbitraries.of(Kind.class),
                        Arbitraries.integers().between(0, 7),
                        Arbitraries.integers().between(1, 40))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(25);
    }

    @Property(tries = 25)
    void reopenAfterSnapshot_equalsStateBefore_andFullReplay(@ForAll("steps") List<Step> steps) throws IOException {
        Path dir = Files.createTempDirectory("cardkey-snapshot-property");
        MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
        Set<String> orders = new LinkedHashSet<>();
        List<String> codes = new ArrayList<>();
        int nextCode = 0;
        CardKeys cardKeys = open(dir, clock);
        try {
            cardKeys.putProduct(SnapshotFixture.product());
            for (Step step : steps) {
                String order = "o" + step.a();
                try {
                    switch (step.kind()) {
                        case IMPORT -> {
                            // Overlapping ranges: some codes are duplicates of stock.
                            int from = Math.max(0, nextCode - step.b() / 4);
                            List<String> file = SnapshotFixture.codes(from, nextCode + step.b());
                            nextCode += step.b();
                            SnapshotFixture.importCodes(cardKeys, "B" + nextCode, file);
                            file.stream().filter(c -> !codes.contains(c)).forEach(codes::add);
                        }
                        case RESERVE -> {
                            orders.add(order);
                            cardKeys.reserve(order, "buyer" + step.a(), SKU, 1 + step.b() % 4, TTL);
                        }
                        case CONFIRM -> {
                            Order o = cardKeys.order(order);
                            cardKeys.confirm(order, new Payment("pay-" + order, o.price()));
                        }
                        case RELEASE -> cardKeys.release(order);
                        case REFUND -> cardKeys.refund(order);
                        case FREEZE -> cardKeys.freeze(step.b());
                        case UNFREEZE -> cardKeys.unfreeze(step.b());
                        case EXPIRE -> {
                            clock.advance(Duration.ofMinutes(step.b()));
                            cardKeys.expireReservations();
                        }
                        default -> {
                            Map<Object, Object> before = state(cardKeys, orders);
                            cardKeys.close();
                            if (step.kind() != Kind.REOPEN_CLEAN) {
                                damageNewestSnapshot(dir, step.kind() == Kind.REOPEN_CRASH);
                            }
                            cardKeys = open(dir, clock);
                            assertThat(state(cardKeys, orders)).isEqualTo(before);
                        }
                    }
                } catch (CardKeyException | IllegalArgumentException refused) {
                    // A refused step changes nothing; the checks at the reopens and the end cover that.
                }
            }
            cardKeys.close();
            cardKeys = null;
            withLedger(dir, ledger -> {
                InventorySnapshots.Opened opened = new InventorySnapshots(dir).open(ledger);
                assertThat(dump(opened.store(), codes, orders))
                        .isEqualTo(dump(InventoryRebuild.from(ledger), codes, orders));
                return null;
            });
        } finally {
            if (cardKeys != null) {
                cardKeys.close();
            }
            SnapshotFixture.deleteTree(dir);
        }
    }

    private static CardKeys open(Path dir, MutableClock clock) {
        return CardKeys.builder()
                .keyset(KEYSET)
                .clock(clock)
                .dataDirectory(dir)
                .buyerCap(1_000)
                .build();
    }

    /** What the facade answers: every row, every order and the stock counts. */
    private static Map<Object, Object> state(CardKeys cardKeys, Set<String> orders) {
        Map<Object, Object> state = new TreeMap<>((x, y) -> x.toString().compareTo(y.toString()));
        // At most 25 imports of at most 50 lines: ids stay below 1,300.
        for (long id = 1; id <= 1_500; id++) {
            cardKeys.cardKey(id).ifPresent(k -> state.put("ck" + k.id(), k));
        }
        for (String order : orders) {
            try {
                state.put("order " + order, cardKeys.order(order));
            } catch (CardKeyException none) {
                state.put("order " + order, "none");
            }
        }
        state.put("stock", new TreeMap<>(cardKeys.stock(SKU)));
        return state;
    }

    /** Drops the newest snapshot (a crash before close wrote it) or flips a byte in it. */
    private static void damageNewestSnapshot(Path dir, boolean drop) {
        List<Path> files = new InventorySnapshots(dir).snapshots();
        if (files.isEmpty()) {
            return;
        }
        try {
            if (drop) {
                Files.delete(files.get(0));
            } else {
                byte[] bytes = Files.readAllBytes(files.get(0));
                bytes[bytes.length / 3] ^= 0x01;
                Files.write(files.get(0), bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
