package io.cardkey.core;

import io.cardkey.core.contract.CardKeysStateMachineContract;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.LedgerStore;
import java.time.Clock;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The facade's state machine ({@link CardKeysStateMachineContract}) on the embedded stores: an in-memory journal, the
 * inventory rebuilt from it after every crash.
 */
class CardKeysStateMachinePropertiesTest extends CardKeysStateMachineContract {
    @Override
    protected Storage newStorage(Clock clock) {
        LedgerStore journal = LedgerStore.inMemory();
        return new Storage() {
            @Override
            public CardKeys open(CardKeys.Builder configured) {
                return configured
                        .ledger(Ledger.builder().clock(clock).open(journal))
                        .build();
            }

            @Override
            public void close() {}
        };
    }

    @Property(tries = 100)
    void anySequence_neverSharesOrLosesACode_andSurvivesCrashes(@ForAll("ops") List<Op> ops) {
        run(ops);
    }
}
