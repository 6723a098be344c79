/**
 * Runnable programs for integrators: the quick start and the {@code cardkey} operator CLI. They are written against
 * the exported API only: this module {@code requires} the library modules like any application would, so using a
 * hidden type fails to compile.
 */
module io.cardkey.examples {
    requires io.cardkey.core;
    requires com.fasterxml.jackson.databind;
    requires info.picocli;

    // picocli builds the commands and fills their options by reflection.
    opens io.cardkey.examples.cli to
            info.picocli;
}
