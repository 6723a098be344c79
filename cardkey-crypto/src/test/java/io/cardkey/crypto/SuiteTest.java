package io.cardkey.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SuiteTest {
    @Test
    void ids_areStable() {
        assertThat(Suite.AES_256_GCM.id()).isEqualTo(1);
        assertThat(Suite.AES_256_GCM_SIV.id()).isEqualTo(2);
        assertThat(Suite.SM4_GCM.id()).isEqualTo(3);
        for (Suite suite : Suite.values()) {
            assertThat(Suite.fromId(suite.id())).isSameAs(suite);
        }
        assertThat(Suite.defaultSuite()).isEqualTo(Suite.AES_256_GCM);
    }

    @Test
    void fromId_unknown_throwsUnsupportedSuite() {
        for (int id : new int[] {0, 4, 255, -1}) {
            assertThatThrownBy(() -> Suite.fromId(id))
                    .isInstanceOfSatisfying(
                            UnsupportedSuiteException.class,
                            e -> assertThat(e.suiteId()).isEqualTo(id))
                    .hasMessageContaining("1=AES_256_GCM, 2=AES_256_GCM_SIV, 3=SM4_GCM");
        }
    }
}
