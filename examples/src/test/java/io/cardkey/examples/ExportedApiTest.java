package io.cardkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardkey.core.CardKeyException;
import io.cardkey.crypto.CardKeyCryptoException;
import io.cardkey.ledger.LedgerException;
import io.cardkey.postgres.PostgresLedgerStore;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the packages each library module exports, so the public API cannot grow by accident: an integrator sees
 * exactly the top-level package of each module and none of its {@code internal} packages.
 */
class ExportedApiTest {
    static Set<Arguments> modules() {
        return Set.of(
                Arguments.of(CardKeyCryptoException.class, "io.cardkey.crypto"),
                Arguments.of(LedgerException.class, "io.cardkey.ledger"),
                Arguments.of(CardKeyException.class, "io.cardkey.core"),
                Arguments.of(PostgresLedgerStore.class, "io.cardkey.postgres"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("modules")
    void module_exportsOnlyItsTopLevelPackage(Class<?> anchor, String moduleName)
            throws IOException, URISyntaxException {
        Path codeSource = Path.of(
                anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor descriptor = read(codeSource);

        assertThat(descriptor.name()).isEqualTo(moduleName);
        assertThat(descriptor.exports().stream()
                        .map(ModuleDescriptor.Exports::source)
                        .collect(Collectors.toSet()))
                .containsExactly(moduleName);
    }

    /** Reads the descriptor from a module's classes directory (reactor build) or its jar. */
    private static ModuleDescriptor read(Path codeSource) throws IOException {
        if (Files.isDirectory(codeSource)) {
            try (InputStream in = Files.newInputStream(codeSource.resolve("module-info.class"))) {
                return ModuleDescriptor.read(in);
            }
        }
        try (var jar = new java.util.jar.JarFile(codeSource.toFile())) {
            try (InputStream in = jar.getInputStream(jar.getEntry("module-info.class"))) {
                return ModuleDescriptor.read(in);
            }
        }
    }
}
