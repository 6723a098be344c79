package io.cardkey.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class SecretPropertiesTest {
    @Property
    void everySecretReadsBackItsOwnBytes_andEqualsOnlyItsCopies(@ForAll byte[] a, @ForAll byte[] b) {
        Secret sa = Secret.copyOf(a);
        assertThat(sa.bytes(PlaintextAccess.grant())).isEqualTo(a);
        assertThat(sa.equalsSecret(Secret.copyOf(a))).isTrue();
        assertThat(sa.equalsSecret(Secret.copyOf(b))).isEqualTo(java.util.Arrays.equals(a, b));
    }
}
