package io.cardkey.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that runs against an open data directory: opens it (taking its lock), runs, closes it. */
abstract class ShopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    Cli cli() {
        return (Cli) spec.root().userObject();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    boolean json() {
        return cli().json;
    }

    ObjectNode object() {
        return Cli.JSON.createObjectNode();
    }

    void print(ObjectNode node) {
        Cli.print(out(), node);
    }

    Progress progress(String label) {
        return new Progress(err(), cli().progress(), label);
    }

    @Override
    public Integer call() throws Exception {
        try (Shop shop = cli().open()) {
            run(shop);
        }
        return 0;
    }

    abstract void run(Shop shop) throws Exception;
}
