package io.cardkey.examples.cli;

import io.cardkey.core.CardKeys;
import io.cardkey.core.CommissionPlan;
import io.cardkey.core.CommissionPolicy;
import io.cardkey.core.CommissionRule;
import io.cardkey.core.DistributorId;
import io.cardkey.core.DistributorTree;
import io.cardkey.core.Earnings;
import io.cardkey.core.Money;
import io.cardkey.core.PriceList;
import io.cardkey.core.Product;
import io.cardkey.core.SalesVolumeTracker;
import io.cardkey.core.Sku;
import io.cardkey.core.Tier;
import io.cardkey.crypto.Keyset;
import io.cardkey.crypto.PassphraseParameters;
import io.cardkey.crypto.PlaintextAccess;
import io.cardkey.crypto.RecordBinding;
import io.cardkey.crypto.SealedSecret;
import io.cardkey.crypto.Sealer;
import io.cardkey.crypto.Secret;
import io.cardkey.crypto.Suite;
import io.cardkey.crypto.WrongPassphraseException;
import io.cardkey.ledger.CheckpointSigner;
import io.cardkey.ledger.CheckpointVerifierKey;
import io.cardkey.ledger.FileLedgerStore;
import io.cardkey.ledger.JournalLockedException;
import io.cardkey.ledger.Ledger;
import io.cardkey.ledger.SignedCheckpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Currency;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One open data directory: the ledger (which holds the lock), the keyset, the operator state and the {@link CardKeys}
 * built from them.
 *
 * <p>Layout: {@code keyset.bin} (the keyset wrapped under the passphrase with Argon2id), {@code cardkey.json} (see
 * {@link ShopState}) and {@code ledger/} (the durable journal). The journal's single-writer lock is taken before
 * anything else is read, so a second process never sees or writes a half-updated state.
 *
 * <p>Not thread-safe; one per CLI run.
 */
final class Shop implements AutoCloseable {
    static final String KEYSET = "keyset.bin";
    static final String LEDGER = "ledger";
    /** The customer tier: end customers pay the product's face value. Ranked below every distributor tier. */
    static final Tier RETAIL = Tier.of("retail", 1_000_000);

    private static final PlaintextAccess ACCESS = PlaintextAccess.grant();
    private static final RecordBinding CHECKPOINT_KEY = RecordBinding.of("cardkey-cli", "checkpoint-key", "ed25519");
    private static final String CHECKPOINT_ORIGIN = "cardkey-shop";
    private static final Pattern PID = Pattern.compile("pid (\\d+)");

    final Path directory;
    final ShopState state;
    final Keyset keyset;
    final Clock clock;
    final Ledger ledger;
    final DistributorTree tree;
    final CardKeys cardKeys;
    private final Secret passphrase;

    private Shop(Path directory, ShopState state, Keyset keyset, Clock clock, Ledger ledger, Secret passphrase) {
        this.directory = directory;
        this.state = state;
        this.keyset = keyset;
        this.clock = clock;
        this.ledger = ledger;
        this.passphrase = passphrase;
        this.tree = DistributorTree.create();
        for (ShopState.DistributorEntry d : state.distributors) {
            Tier tier = tier(d.tier());
            if (d.parent() == null) {
                tree.add(DistributorId.of(d.id()), tier);
            } else {
                tree.add(DistributorId.of(d.id()), tier, DistributorId.of(d.parent()));
            }
        }
        CardKeys.Builder builder =
                CardKeys.builder().ledger(ledger).keyset(keyset).clock(clock).tenant("cardkey-cli");
        if (state.currency != null) {
            Currency currency = Currency.getInstance(state.currency);
            SalesVolumeTracker volumes = SalesVolumeTracker.inMemory(currency);
            builder.commissions(
                    policy(prices(state, null, null)),
                    tree,
                    RETAIL,
                    volumes,
                    books -> Earnings.builder(books, currency)
                            .clock(clock)
                            .volumes(volumes)
                            .build());
        }
        CardKeys built;
        try {
            built = builder.build();
        } catch (RuntimeException e) {
            ledger.close();
            throw e;
        }
        this.cardKeys = built;
    }

    /** Creates a data directory: keyset, ledger, checkpoint key and an empty state. */
    static Shop init(Path directory, Secret passphrase, PassphraseParameters kdf, Clock clock) throws IOException {
        if (Files.exists(directory.resolve(KEYSET)) || ShopState.exists(directory)) {
            throw new CliException("data directory " + directory + " is already initialised");
        }
        createPrivateDirectory(directory);
        Ledger ledger = openLedger(directory, clock);
        try {
            Keyset keyset = Keyset.generate(Suite.AES_256_GCM);
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] pkcs8 = pair.getPrivate().getEncoded();
            ShopState state = new ShopState();
            state.kdfMemoryKiB = kdf.memoryKiB();
            state.kdfIterations = kdf.iterations();
            state.checkpointPublicKey =
                    Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
            Secret privateKey = Secret.copyOf(pkcs8);
            Arrays.fill(pkcs8, (byte) 0);
            try {
                state.checkpointSealedPrivateKey = Base64.getEncoder()
                        .encodeToString(Sealer.of(keyset)
                                .seal(privateKey, CHECKPOINT_KEY)
                                .toBytes());
            } finally {
                privateKey.destroy();
            }
            writeAtomically(directory, KEYSET, keyset.wrapWithPassphrase(passphrase, kdf));
            state.write(directory);
            return new Shop(directory, state, keyset, clock, ledger, passphrase);
        } catch (GeneralSecurityException e) {
            ledger.close();
            throw new IllegalStateException("the JDK provides no Ed25519", e);
        } catch (IOException | RuntimeException e) {
            ledger.close();
            throw e;
        }
    }

    /** Opens an initialised data directory, taking its lock first. */
    static Shop open(Path directory, Secret passphrase, Clock clock) throws IOException {
        if (!Files.exists(directory.resolve(KEYSET)) || !ShopState.exists(directory)) {
            throw new CliException("no CardKey data in " + directory + "; run 'cardkey init' first or pass --data DIR");
        }
        Ledger ledger = openLedger(directory, clock);
        try {
            Keyset keyset;
            try {
                keyset = Keyset.unwrapWithPassphrase(Files.readAllBytes(directory.resolve(KEYSET)), passphrase);
            } catch (WrongPassphraseException e) {
                throw new CliException("wrong passphrase for the keyset in " + directory);
            }
            return new Shop(directory, ShopState.read(directory), keyset, clock, ledger, passphrase);
        } catch (IOException | RuntimeException e) {
            ledger.close();
            throw e;
        }
    }

    private static Ledger openLedger(Path directory, Clock clock) {
        FileLedgerStore store;
        try {
            store = FileLedgerStore.open(directory.resolve(LEDGER));
        } catch (JournalLockedException e) {
            Matcher pid = PID.matcher(e.holder());
            String who = pid.find() ? "process " + pid.group(1) : "another process";
            throw new CliException("data directory " + directory + " is in use by " + who + " (" + e.holder()
                    + "); try again when it" + " has finished");
        }
        return Ledger.builder().clock(clock).open(store);
    }

    /** Saves the operator state. */
    void save() throws IOException {
        state.write(directory);
    }

    /** Rotates the keyset: a new primary key seals new codes, the old keys still open old ones. */
    Keyset rotateKeys() throws IOException {
        Keyset rotated = keyset.rotate();
        PassphraseParameters kdf = PassphraseParameters.of(state.kdfMemoryKiB, state.kdfIterations, 1);
        writeAtomically(directory, KEYSET, rotated.wrapWithPassphrase(passphrase, kdf));
        return rotated;
    }

    /** Re-seals the checkpoint signing key under the primary key; returns whether it was under another key. */
    boolean rewrapCheckpointKey() throws IOException {
        SealedSecret sealed = SealedSecret.fromBytes(Base64.getDecoder().decode(state.checkpointSealedPrivateKey));
        if (sealed.keyId() == keyset.primaryKeyId()) {
            return false;
        }
        state.checkpointSealedPrivateKey = Base64.getEncoder()
                .encodeToString(Sealer.of(keyset).rewrap(sealed, CHECKPOINT_KEY).toBytes());
        save();
        return true;
    }

    /** The signing key for checkpoints, opened from its sealed form. */
    CheckpointSigner checkpointSigner() {
        try {
            KeyFactory ed25519 = KeyFactory.getInstance("Ed25519");
            byte[] sealed = Base64.getDecoder().decode(state.checkpointSealedPrivateKey);
            Secret opened = Sealer.of(keyset).open(SealedSecret.fromBytes(sealed), CHECKPOINT_KEY);
            byte[] pkcs8 = opened.bytes(ACCESS);
            opened.destroy();
            try {
                KeyPair pair = new KeyPair(
                        ed25519.generatePublic(
                                new X509EncodedKeySpec(Base64.getDecoder().decode(state.checkpointPublicKey))),
                        ed25519.generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
                return CheckpointSigner.of(CHECKPOINT_ORIGIN, pair);
            } finally {
                Arrays.fill(pkcs8, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the checkpoint key in " + directory + " cannot be read", e);
        }
    }

    /** Signs a checkpoint of the ledger as it is now and keeps its note in the state. */
    SignedCheckpoint checkpoint() throws IOException {
        CheckpointSigner signer = checkpointSigner();
        SignedCheckpoint signed = ledger.checkpoint(signer);
        state.checkpoints.add(signed.note());
        save();
        return signed;
    }

    CheckpointVerifierKey verifierKey() {
        return checkpointSigner().verifierKey();
    }

    Currency currency() {
        if (state.currency == null) {
            throw new CliException("no product yet; add one with 'cardkey product add'");
        }
        return Currency.getInstance(state.currency);
    }

    Money money(String text, String option) {
        try {
            return Money.parse(text, currency());
        } catch (IllegalArgumentException e) {
            throw new CliException(option + " was '" + text + "'; must be an amount in " + state.currency
                    + " such as 9.50 (" + e.getMessage() + ")");
        }
    }

    Product product(String sku) {
        return cardKeys.product(Sku.of(sku))
                .orElseThrow(() -> new CliException("no product " + sku + "; add it with 'cardkey product add'"));
    }

    Tier tier(String name) {
        if (name.equals(RETAIL.name())) {
            return RETAIL;
        }
        return state.tier(name)
                .map(t -> Tier.of(t.name(), t.rank()))
                .orElseThrow(() -> new CliException("no tier " + name + "; give it a price with 'cardkey price set'"));
    }

    DistributorId distributor(String id) {
        DistributorId d = DistributorId.of(id);
        if (!tree.contains(d)) {
            throw new CliException("no distributor " + id + "; add it with 'cardkey distributor add'");
        }
        return d;
    }

    Earnings earnings() {
        return cardKeys.earnings().orElseThrow(() -> new CliException("no product yet, so no commissions"));
    }

    /**
     * Builds the price list of a state, optionally with the cost of one product replaced (to check an import before
     * it happens): retail is each product's face value, other tiers as set, each product's cost its latest batch's.
     */
    PriceList prices(ShopState of, String sku, Money cost) {
        PriceList.Builder builder = PriceList.builder(currency());
        for (var entry : of.products.entrySet()) {
            String each = entry.getKey();
            Sku s = Sku.of(each);
            Money supplierCost = each.equals(sku)
                    ? cost
                    : of.latestCost(each).map(c -> money(c, "cost")).orElse(Money.zero(currency()));
            builder.product(s, supplierCost)
                    .tierPrice(s, RETAIL, money(entry.getValue().face(), "--face"));
            for (ShopState.PriceEntry p : of.prices) {
                if (p.sku().equals(each)) {
                    Money price = money(p.price(), "--price");
                    if (p.minQty() <= 1) {
                        builder.tierPrice(s, tier(p.tier()), price);
                    } else {
                        builder.quantityBreak(s, tier(p.tier()), p.minQty(), price);
                    }
                }
            }
        }
        return builder.build();
    }

    /** 卡盟 style: each level of the seller's chain earns the difference between its price and its downline's. */
    static CommissionPolicy policy(PriceList prices) {
        return CommissionPolicy.builder(prices)
                .defaultPlan(CommissionPlan.builder()
                        .level(1, CommissionRule.priceDifference())
                        .level(2, CommissionRule.priceDifference())
                        .build())
                .build();
    }

    Optional<ShopState.OrderEntry> order(String orderId) {
        return Optional.ofNullable(state.orders.get(orderId));
    }

    @Override
    public void close() {
        try {
            cardKeys.close();
        } finally {
            ledger.close();
        }
    }

    /** Creates the directory readable by its owner only (where the file system has POSIX permissions). */
    static void createPrivateDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Path parent = directory.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(directory, ownerOnly(directory, "rwx------"));
        } catch (FileAlreadyExistsException raced) {
            // Created by someone else in between; its lock decides who may use it.
        }
    }

    /** The attribute that creates a file with these POSIX permissions, or none where the file system has no such. */
    static FileAttribute<?>[] ownerOnly(Path path, String permissions) {
        Path parent = path.toAbsolutePath().getParent();
        boolean posix = parent != null
                && parent.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
                }
                : new FileAttribute<?>[0];
    }

    private static void writeAtomically(Path directory, String name, byte[] bytes) throws IOException {
        Path temporary = directory.resolve(name + ".tmp");
        Files.deleteIfExists(temporary);
        try (SeekableByteChannel channel = Files.newByteChannel(
                temporary,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC),
                ownerOnly(temporary, "rw-------"))) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
        try {
            Files.move(
                    temporary,
                    directory.resolve(name),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        ShopState.syncDirectory(directory);
    }
}
