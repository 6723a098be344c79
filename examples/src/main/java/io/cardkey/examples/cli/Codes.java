package io.cardkey.examples.cli;

import io.cardkey.crypto.CardCode;
import io.cardkey.crypto.CodeFormat;
import io.cardkey.crypto.InvalidCodeException;
import io.cardkey.crypto.PlaintextAccess;
import io.cardkey.crypto.Secret;

/** How the CLI shows a plaintext code: generated codes grouped with hyphens, supplier codes as they came. */
final class Codes {
    private static final PlaintextAccess ACCESS = PlaintextAccess.grant();

    private Codes() {}

    static String display(Secret code) {
        String text = code.utf8(ACCESS);
        CardCode parsed;
        try {
            parsed = CodeFormat.standard().parse(text);
        } catch (InvalidCodeException supplierCode) {
            return text;
        }
        try {
            return parsed.display(ACCESS);
        } finally {
            parsed.destroy();
        }
    }
}
