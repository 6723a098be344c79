package io.cardkey.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Pins what the module shows the world (STYLE.md rule 3), read from the compiled {@code module-info.class}: only the
 * API package is exported, nothing is opened, and the ledger depends on nothing of {@code cardkey-core} or {@code
 * cardkey-crypto}.
 */
class ModuleInfoTest {
    private static ModuleDescriptor descriptor() throws Exception {
        Path classes = Path.of(
                Ledger.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return ModuleFinder.of(classes).find("io.cardkey.ledger").orElseThrow().descriptor();
    }

    @Test
    void moduleInfo_exportsOnlyTheApiPackage_andOpensNothing() throws Exception {
        ModuleDescriptor d = descriptor();
        assertThat(d.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("io.cardkey.ledger");
        assertThat(d.exports()).noneMatch(ModuleDescriptor.Exports::isQualified);
        assertThat(d.opens()).isEmpty();
        assertThat(d.isOpen()).isFalse();
    }

    @Test
    void moduleInfo_requiresOnlyJacksonAndSlf4j() throws Exception {
        assertThat(descriptor().requires())
                .extracting(ModuleDescriptor.Requires::name)
                .filteredOn(name -> !name.equals("java.base"))
                .containsExactlyInAnyOrder("com.fasterxml.jackson.databind", "org.slf4j");
    }
}
