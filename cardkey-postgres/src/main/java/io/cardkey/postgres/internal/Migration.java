package io.cardkey.postgres.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One schema migration shipped in this jar. The list is explicit (a jar cannot be listed portably) and append-only:
 * a released migration is never edited, a change is a new migration.
 */
public final class Migration {
    private static final List<String> NAMES = List.of(
            "V001__ledger.sql",
            "V002__inventory.sql",
            "V003__ledger_outbox.sql",
            "V004__analyze_inventory_early.sql",
            "V005__ledger_accounts.sql");
    private static final List<Migration> ALL = load();

    private final int version;
    private final String name;
    private final String sql;
    private final String checksum;

    private Migration(int version, String name, String sql) {
        this.version = version;
        this.name = name;
        this.sql = sql;
        this.checksum = sha256(sql);
    }

    /**
     * Returns every migration, oldest first; the i-th has version i + 1.
     *
     * @return the migrations
     */
    public static List<Migration> all() {
        return ALL;
    }

    /** @return the version, from 1 */
    public int version() {
        return version;
    }

    /** @return the file name */
    public String name() {
        return name;
    }

    /** @return the SQL text */
    public String sql() {
        return sql;
    }

    /** @return the lower-case hex SHA-256 of the SQL text */
    public String checksum() {
        return checksum;
    }

    private static List<Migration> load() {
        Migration[] migrations = new Migration[NAMES.size()];
        for (int i = 0; i < migrations.length; i++) {
            String name = NAMES.get(i);
            String resource = "/io/cardkey/postgres/migration/" + name;
            try (InputStream in = Migration.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("migration " + resource + " is missing from the jar");
                }
                migrations[i] = new Migration(i + 1, name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("could not read migration " + resource, e);
            }
        }
        return List.of(migrations);
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
