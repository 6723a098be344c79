package io.cardkey.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the operator configured that the library does not keep in its ledger: the shop's currency, tiers, prices,
 * distributors, batches, the delivery tokens of orders sold here, and the checkpoint signing key (sealed under the
 * keyset). Kept as one JSON file in the data directory, replaced atomically (write a temporary file, fsync, rename),
 * so a crash leaves either the old file or the new one.
 *
 * <p>Not thread-safe; one CLI process owns it while it holds the data directory's lock.
 */
final class ShopState {
    static final String FILE = "cardkey.json";
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    String currency;
    final List<TierEntry> tiers = new ArrayList<>();
    final List<PriceEntry> prices = new ArrayList<>();
    final List<DistributorEntry> distributors = new ArrayList<>();
    final Map<String, BatchEntry> batches = new LinkedHashMap<>();
    final Map<String, OrderEntry> orders = new LinkedHashMap<>();
    final Map<String, ProductEntry> products = new LinkedHashMap<>();
    int kdfMemoryKiB;
    int kdfIterations;
    String checkpointPublicKey;
    String checkpointSealedPrivateKey;
    final List<String> checkpoints = new ArrayList<>();

    record TierEntry(String name, int rank) {}

    /** A product as the price list needs it: its face value is the retail price. */
    record ProductEntry(String name, String face) {}

    /** A tier's unit price for a product from {@code minQty} units on (1 = the base price). */
    record PriceEntry(String sku, String tier, long minQty, String price) {}

    record DistributorEntry(String id, String tier, String parent) {}

    record BatchEntry(String sku, String source, String unitCost) {}

    /** An order sold through this CLI: who sold it, and the buyer's delivery token for {@code reveal}. */
    record OrderEntry(String seller, String deliveryToken) {}

    static boolean exists(Path directory) {
        return Files.exists(directory.resolve(FILE));
    }

    static ShopState read(Path directory) throws IOException {
        JsonNode root = JSON.readTree(directory.resolve(FILE).toFile());
        if (root.path("version").asInt() != VERSION) {
            throw new IOException(directory.resolve(FILE) + " has version " + root.path("version") + "; this cardkey "
                    + "reads version " + VERSION);
        }
        ShopState state = new ShopState();
        state.currency = text(root, "currency");
        state.kdfMemoryKiB = root.path("kdf").path("memoryKiB").asInt();
        state.kdfIterations = root.path("kdf").path("iterations").asInt();
        root.path("tiers")
                .forEach(t -> state.tiers.add(
                        new TierEntry(text(t, "name"), t.path("rank").asInt())));
        root.path("products")
                .properties()
                .forEach(e -> state.products.put(
                        e.getKey(), new ProductEntry(text(e.getValue(), "name"), text(e.getValue(), "face"))));
        root.path("prices")
                .forEach(p -> state.prices.add(new PriceEntry(
                        text(p, "sku"), text(p, "tier"), p.path("minQty").asLong(), text(p, "price"))));
        root.path("distributors")
                .forEach(d -> state.distributors.add(
                        new DistributorEntry(text(d, "id"), text(d, "tier"), text(d, "parent"))));
        root.path("batches")
                .properties()
                .forEach(e -> state.batches.put(
                        e.getKey(),
                        new BatchEntry(
                                text(e.getValue(), "sku"),
                                text(e.getValue(), "source"),
                                text(e.getValue(), "unitCost"))));
        root.path("orders")
                .properties()
                .forEach(e -> state.orders.put(
                        e.getKey(), new OrderEntry(text(e.getValue(), "seller"), text(e.getValue(), "deliveryToken"))));
        JsonNode key = root.path("checkpointKey");
        state.checkpointPublicKey = text(key, "public");
        state.checkpointSealedPrivateKey = text(key, "sealedPrivate");
        root.path("checkpoints").forEach(c -> state.checkpoints.add(c.asText()));
        return state;
    }

    /** Writes the state to a temporary file, forces it to disk, and renames it over the old one. */
    void write(Path directory) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        root.put("currency", currency);
        root.putObject("kdf").put("memoryKiB", kdfMemoryKiB).put("iterations", kdfIterations);
        ArrayNode t = root.putArray("tiers");
        tiers.forEach(e -> t.addObject().put("name", e.name()).put("rank", e.rank()));
        ObjectNode s = root.putObject("products");
        products.forEach((sku, e) -> s.putObject(sku).put("name", e.name()).put("face", e.face()));
        ArrayNode p = root.putArray("prices");
        prices.forEach(e -> p.addObject()
                .put("sku", e.sku())
                .put("tier", e.tier())
                .put("minQty", e.minQty())
                .put("price", e.price()));
        ArrayNode d = root.putArray("distributors");
        distributors.forEach(
                e -> d.addObject().put("id", e.id()).put("tier", e.tier()).put("parent", e.parent()));
        ObjectNode b = root.putObject("batches");
        batches.forEach((id, e) ->
                b.putObject(id).put("sku", e.sku()).put("source", e.source()).put("unitCost", e.unitCost()));
        ObjectNode o = root.putObject("orders");
        orders.forEach((id, e) -> o.putObject(id).put("seller", e.seller()).put("deliveryToken", e.deliveryToken()));
        root.putObject("checkpointKey")
                .put("public", checkpointPublicKey)
                .put("sealedPrivate", checkpointSealedPrivateKey);
        ArrayNode c = root.putArray("checkpoints");
        checkpoints.forEach(c::add);

        Path target = directory.resolve(FILE);
        Path temporary = directory.resolve(FILE + ".tmp");
        Files.deleteIfExists(temporary);
        try (SeekableByteChannel channel = Files.newByteChannel(
                temporary,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC),
                Shop.ownerOnly(temporary, "rw-------"))) {
            ByteBuffer bytes = ByteBuffer.wrap(JSON.writeValueAsBytes(root));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(directory);
    }

    /** Forces the directory entry of a renamed file to disk, where the platform allows opening a directory. */
    static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException notSupported) {
            // Windows cannot open a directory; its rename is durable once the file's own data is.
        }
    }

    Optional<TierEntry> tier(String name) {
        return tiers.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    Optional<DistributorEntry> distributor(String id) {
        return distributors.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** The supplier cost the price list floors a product's prices at: the unit cost of its latest batch. */
    Optional<String> latestCost(String sku) {
        String cost = null;
        for (BatchEntry batch : batches.values()) {
            if (batch.sku().equals(sku)) {
                cost = batch.unitCost();
            }
        }
        return Optional.ofNullable(cost);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
