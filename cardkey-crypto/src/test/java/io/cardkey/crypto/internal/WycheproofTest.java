package io.cardkey.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Runs the Project Wycheproof vectors through the primitives the library seals, indexes and derives keys with
 * ({@link Aead}, {@link Prf}, {@link Hkdf}). Valid vectors must pass both ways, invalid ones must be rejected, and an
 * acceptable one may go either way but must never decrypt to anything but its message. Each vector goes twice through
 * one instance, as the library reuses its per-thread instances for every message. Groups with parameters the
 * library never uses (other key or IV sizes) are skipped, and the number that ran is pinned so a skip cannot grow
 * silently.
 */
class WycheproofTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void aesGcm_256BitKey96BitIv_passesWycheproof() throws IOException {
        assertThat(runAead("aes_gcm_test.json", 256, Aead::aesGcm)).isEqualTo(66);
    }

    @Test
    void aesGcmSiv_256BitKey_passesWycheproof() throws IOException {
        assertThat(runAead("aes_gcm_siv_test.json", 256, Aead::aesGcmSiv)).isEqualTo(103);
    }

    @Test
    void sm4Gcm_96BitIv_passesWycheproof() throws IOException {
        assertThat(runAead("sm4_gcm_test.json", 128, Aead::sm4Gcm)).isEqualTo(65);
    }

    @Test
    void hmacSha256_passesWycheproof() throws IOException {
        assertThat(runMac("hmac_sha256_test.json", Prf.Algorithm.HMAC_SHA256)).isEqualTo(174);
    }

    @Test
    void hmacSm3_passesWycheproof() throws IOException {
        assertThat(runMac("hmac_sm3_test.json", Prf.Algorithm.HMAC_SM3)).isEqualTo(174);
    }

    @Test
    void hkdfSha256_passesWycheproof() throws IOException {
        JsonNode root = load("hkdf_sha256_test.json");
        int ran = 0;
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode test : group.get("tests")) {
                String id = "tcId " + test.get("tcId").asInt();
                byte[] ikm = hex(test, "ikm");
                byte[] salt = hex(test, "salt");
                byte[] info = hex(test, "info");
                int size = test.get("size").asInt();
                String result = test.get("result").asText();
                if (result.equals("valid")) {
                    assertThat(Hkdf.derive(Prf.Algorithm.HMAC_SHA256, salt, ikm, info, size))
                            .as(id)
                            .isEqualTo(hex(test, "okm"));
                } else {
                    assertThatIllegalArgumentException()
                            .as(id)
                            .isThrownBy(() -> Hkdf.derive(Prf.Algorithm.HMAC_SHA256, salt, ikm, info, size));
                }
                ran++;
            }
        }
        assertThat(ran).isEqualTo(root.get("numberOfTests").asInt()).isEqualTo(86);
    }

    private static int runAead(String file, int keyBits, Function<byte[], Aead> factory) throws IOException {
        JsonNode root = load(file);
        int ran = 0;
        for (JsonNode group : root.get("testGroups")) {
            if (group.get("keySize").asInt() != keyBits
                    || group.get("ivSize").asInt() != Aead.NONCE_LENGTH * 8
                    || group.get("tagSize").asInt() != Aead.TAG_LENGTH * 8) {
                continue;
            }
            for (JsonNode test : group.get("tests")) {
                String id = file + " tcId " + test.get("tcId").asInt();
                byte[] key = hex(test, "key");
                byte[] iv = hex(test, "iv");
                byte[] aad = hex(test, "aad");
                byte[] msg = hex(test, "msg");
                byte[] ctAndTag = concat(hex(test, "ct"), hex(test, "tag"));
                String result = test.get("result").asText();
                // One instance per vector, used several times as a sealer's per-thread instance is: this also runs
                // the re-initialisation that keeps the key schedule, and the reset after a failed tag. A valid
                // vector is sealed first, once: both the JDK and BouncyCastle refuse to encrypt under a key and
                // nonce they have just used.
                Aead aead = factory.apply(key);
                if (result.equals("valid")) {
                    byte[] sealed = new byte[msg.length + Aead.TAG_LENGTH];
                    aead.seal(iv, 0, aad, 0, aad.length, msg, 0, msg.length, sealed, 0);
                    assertThat(sealed).as(id + " seals").isEqualTo(ctAndTag);
                }
                for (int round = 0; round < 2; round++) {
                    String as = id + " round " + round;
                    byte[] opened = new byte[Math.max(0, ctAndTag.length - Aead.TAG_LENGTH)];
                    boolean ok = aead.open(iv, 0, aad, 0, aad.length, ctAndTag, 0, ctAndTag.length, opened, 0);
                    if (result.equals("valid")) {
                        assertThat(ok).as(as + " opens").isTrue();
                        assertThat(opened).as(as + " plaintext").isEqualTo(msg);
                    } else if (result.equals("invalid")) {
                        assertThat(ok).as(as + " is rejected").isFalse();
                        assertThat(opened).as(as + " leaves no plaintext").isEqualTo(new byte[opened.length]);
                    } else if (ok) {
                        assertThat(opened).as(as + " acceptable plaintext").isEqualTo(msg);
                    }
                }
                ran++;
            }
        }
        return ran;
    }

    private static int runMac(String file, Prf.Algorithm algorithm) throws IOException {
        JsonNode root = load(file);
        int ran = 0;
        for (JsonNode group : root.get("testGroups")) {
            int tagBytes = group.get("tagSize").asInt() / 8;
            for (JsonNode test : group.get("tests")) {
                String id = file + " tcId " + test.get("tcId").asInt();
                byte[] msg = hex(test, "msg");
                String result = test.get("result").asText();
                // Twice through one instance, as the blind indexer reuses its per-thread MAC for every code.
                Prf prf = algorithm.newPrf(hex(test, "key"));
                for (int round = 0; round < 2; round++) {
                    byte[] full = new byte[algorithm.length()];
                    prf.compute(msg, 0, msg.length, full, 0);
                    boolean matches = Arrays.equals(Arrays.copyOf(full, tagBytes), hex(test, "tag"));
                    if (result.equals("valid")) {
                        assertThat(matches).as(id + " round " + round).isTrue();
                    } else if (result.equals("invalid")) {
                        assertThat(matches).as(id + " round " + round).isFalse();
                    }
                }
                ran++;
            }
        }
        assertThat(ran).isEqualTo(root.get("numberOfTests").asInt());
        return ran;
    }

    private static JsonNode load(String file) throws IOException {
        try (InputStream in = WycheproofTest.class.getResourceAsStream("/wycheproof/" + file)) {
            assertThat(in).as(file + " on the test class path").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    private static byte[] hex(JsonNode test, String field) {
        return HEX.parseHex(test.get(field).asText());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
