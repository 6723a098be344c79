package io.cardkey.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSinkTest {
    @Test
    void ascii_writesTheSameBytesAsStr() {
        ByteSink viaAscii = new ByteSink(16);
        ByteSink viaStr = new ByteSink(16);
        for (String s : new String[] {"", "order-42", "!~ distributor:1:wallet", "x".repeat(300)}) {
            viaAscii.ascii(s);
            viaStr.str(s);
        }
        assertThat(viaAscii.toByteArray()).isEqualTo(viaStr.toByteArray());
    }

    @Test
    void ascii_nonAsciiCharacter_throwsAndWritesNothing() {
        ByteSink sink = new ByteSink(16);
        sink.u8(7);
        assertThatThrownBy(() -> sink.ascii("caf\u00e9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("character 3");
        assertThat(sink.toByteArray()).containsExactly(7);
    }
}
