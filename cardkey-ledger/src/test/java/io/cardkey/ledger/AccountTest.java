package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Currency;
import org.junit.jupiter.api.Test;

class AccountTest {
    @Test
    void accountId_validAndInvalid() {
        assertThat(AccountId.of("distributor:1:wallet").value()).isEqualTo("distributor:1:wallet");
        assertThat(AccountId.of("a")).isEqualTo(AccountId.of("a")).isNotEqualTo(AccountId.of("A"));
        assertThatThrownBy(() -> AccountId.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AccountId.of("x".repeat(129)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("129");
        assertThatThrownBy(() -> AccountId.of("has space"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index 3");
        assertThatThrownBy(() -> AccountId.of("中文")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void account_ofCurrencyCode() {
        Account a = Account.of("w", "CNY", AccountConstraint.DEBITS_MUST_NOT_EXCEED_CREDITS);
        assertThat(a.currency()).isEqualTo(Currency.getInstance("CNY"));
        assertThat(a)
                .isEqualTo(Account.of(
                        AccountId.of("w"),
                        Currency.getInstance("CNY"),
                        AccountConstraint.DEBITS_MUST_NOT_EXCEED_CREDITS));
        assertThat(Account.of(AccountId.of("w"), Currency.getInstance("CNY")).constraint())
                .isEqualTo(AccountConstraint.NONE);
        assertThat(a.toString()).contains("w", "CNY");
    }

    @Test
    void account_badCurrencyCode_throwsIllegalArgument() {
        assertThatThrownBy(() -> Account.of("w", "RMB", AccountConstraint.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'RMB'");
    }

    @Test
    void balance_netAndAvailable() {
        Balance b = new Balance(AccountId.of("w"), Currency.getInstance("CNY"), 3, 30, 100, 20, 0);
        assertThat(b.netCredit()).isEqualTo(70);
        assertThat(b.availableCredit()).isEqualTo(50);
        assertThatThrownBy(() -> new Balance(AccountId.of("w"), Currency.getInstance("CNY"), 3, -1, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
