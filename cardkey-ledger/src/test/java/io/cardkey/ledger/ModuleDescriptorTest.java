package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Pins the exported packages, so the public API cannot grow by accident. */
class ModuleDescriptorTest {
    @Test
    void exportsOnlyTheApiPackage() throws IOException {
        Path classes = Path.of(URI.create(LedgerException.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toString()));
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            ModuleDescriptor descriptor = ModuleDescriptor.read(in);
            assertThat(descriptor.name()).isEqualTo("io.cardkey.ledger");
            assertThat(descriptor.exports().stream()
                            .map(ModuleDescriptor.Exports::source)
                            .collect(Collectors.toSet()))
                    .containsExactly("io.cardkey.ledger");
        }
    }
}
