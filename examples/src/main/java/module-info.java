/**
 * Runnable programs for integrators. They are written against the exported API only: this module
 * {@code requires} the library modules like any application would, so using a hidden type fails to compile.
 */
module io.cardkey.examples {
    requires io.cardkey.core;
}
