package io.cardkey.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.cardkey.core.CardKeys;
import io.cardkey.core.contract.CardKeysStateMachineContract;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The facade's state machine of {@code cardkey-core} ({@link CardKeysStateMachineContract}) unchanged on PostgreSQL,
 * through {@link PostgresCardKeys}, each run in a schema of its own. A crash ends the instance (its sealer gives up the
 * role) and opens a new one on the same schema, which must find every order, code and ledger entry as they were.
 */
@ExtendWith(RequiresPostgres.class)
@AddLifecycleHook(RequiresPostgres.class)
class PostgresCardKeysStateMachinePropertiesTest extends CardKeysStateMachineContract {
    @Override
    protected Storage newStorage(Clock clock) {
        HikariDataSource database = TestDatabase.newSchema();
        return new Storage() {
            private PostgresCardKeys instance;

            @Override
            public CardKeys open(CardKeys.Builder configured) {
                if (instance != null) {
                    instance.close();
                }
                instance = PostgresCardKeys.open(database, "books", configured, Duration.ofMillis(5));
                return instance.cardKeys();
            }

            @Override
            public void close() {
                try {
                    if (instance != null) {
                        instance.close();
                    }
                } finally {
                    TestDatabase.drop(database);
                }
            }
        };
    }

    @Property(tries = 15)
    void anySequence_neverSharesOrLosesACode_andSurvivesCrashes(@ForAll("ops") List<Op> ops) {
        run(ops);
    }
}
