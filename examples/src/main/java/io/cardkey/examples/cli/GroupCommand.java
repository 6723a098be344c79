package io.cardkey.examples.cli;

import picocli.CommandLine;

/**
 * A command that only groups subcommands ({@code product}, {@code ledger}, {@code keys} …): run on its own, it is a
 * usage error (exit status 2) that lists the subcommands.
 */
abstract class GroupCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "a subcommand is required: "
                        + String.join(", ", spec.subcommands().keySet()));
    }
}
