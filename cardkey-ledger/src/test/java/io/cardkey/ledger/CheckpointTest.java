package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CheckpointTest {
    private static final byte[] ROOT = new byte[32];

    static {
        Arrays.fill(ROOT, (byte) 7);
    }

    @Test
    void body_isTlogCheckpointText() {
        Checkpoint checkpoint = Checkpoint.of("shop.example.com/ledger", 20852163, ROOT);
        assertThat(checkpoint.body())
                .isEqualTo("shop.example.com/ledger\n20852163\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n");
        assertThat(checkpoint.rootHashBase64()).isEqualTo("BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=");
    }

    @Test
    void of_copiesRootHash_andAccessorReturnsCopy() {
        byte[] root = ROOT.clone();
        Checkpoint checkpoint = Checkpoint.of("o", 1, root);
        root[0] = 0;
        checkpoint.rootHash()[1] = 0;
        assertThat(checkpoint.rootHash()).isEqualTo(ROOT);
    }

    @Test
    void equals_sameParts_equalAndDifferentPartsNot() {
        Checkpoint a = Checkpoint.of("o", 3, ROOT);
        assertThat(a).isEqualTo(Checkpoint.of("o", 3, ROOT.clone())).hasSameHashCodeAs(Checkpoint.of("o", 3, ROOT));
        assertThat(a).isNotEqualTo(Checkpoint.of("p", 3, ROOT));
        assertThat(a).isNotEqualTo(Checkpoint.of("o", 4, ROOT));
        assertThat(a).isNotEqualTo(Checkpoint.of("o", 3, new byte[32]));
        assertThat(a.toString()).contains("origin=o", "treeSize=3", a.rootHashBase64());
    }

    @Test
    void of_emptyTreeSizeZero_isAllowed() {
        assertThat(Checkpoint.of("o", 0, ROOT).body()).startsWith("o\n0\n");
    }

    @Test
    void of_badOrigin_throwsNamingRule() {
        assertThatThrownBy(() -> Checkpoint.of("", 1, ROOT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("origin was empty; must name the log");
        assertThatThrownBy(() -> Checkpoint.of("a\nb", 1, ROOT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("origin holds control character U+000A at index 1; must be one line of text");
        assertThatThrownBy(() -> Checkpoint.of("a\u007f", 1, ROOT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Checkpoint.of("a\ud800", 1, ROOT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate");
        assertThat(Checkpoint.of("例え\ud83d\ude00", 1, ROOT).origin()).isEqualTo("例え\ud83d\ude00");
    }

    @Test
    void of_badSizeOrRoot_throwsNamingRule() {
        assertThatThrownBy(() -> Checkpoint.of("o", -1, ROOT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("treeSize was -1; must be at least 0");
        assertThatThrownBy(() -> Checkpoint.of("o", 1, new byte[31]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rootHash length was 31; must be 32 (SHA-256)");
        assertThatThrownBy(() -> Checkpoint.of(null, 1, ROOT)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Checkpoint.of("o", 1, null)).isInstanceOf(NullPointerException.class);
    }
}
