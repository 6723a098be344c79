package io.cardkey.benchmarks.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spy itself must see what it claims to see, or the durability tests built on it prove nothing. */
class SpyFileSystemTest {
    private final ForceRecorder recorder = new ForceRecorder();
    private final SpyFileSystem spy = new SpyFileSystem(recorder);

    @Test
    void writeWithoutForce_isReportedAsNotForced(@TempDir Path dir) throws Exception {
        Path file = spy.wrap(dir).resolve("a.log");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[100]), 0);
        }

        ForceRecorder.FileLog log = recorder.log(dir.resolve("a.log"));
        assertThat(log.writes()).isEqualTo(1);
        assertThat(log.bytesWritten()).isEqualTo(100);
        assertThat(log.forces()).isZero();
        assertThat(log.allWritesForced()).isFalse();
        assertThat(recorder.everyWriteForced()).isFalse();
    }

    @Test
    void writeThenForce_isForced_andALaterWriteIsNot(@TempDir Path dir) throws Exception {
        Path file = spy.wrap(dir).resolve("a.log");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[10]), 0);
            channel.force(false);
            assertThat(recorder.everyWriteForced()).isTrue();

            channel.write(ByteBuffer.wrap(new byte[10]), 10);
            assertThat(recorder.everyWriteForced()).isFalse();
            ForceRecorder.FileLog log = recorder.log(dir.resolve("a.log"));
            assertThat(log.isForced(0, 10)).isTrue();
            assertThat(log.isForced(5, 15)).isFalse();
            assertThat(log.isForced(0, 20)).isFalse();

            channel.force(false);
            assertThat(log.isForced(0, 20)).isTrue();
            assertThat(log.isForced(0, 21)).isFalse();
        }
        assertThat(Files.size(dir.resolve("a.log"))).isEqualTo(20);
    }

    @Test
    void forceHeldByTheHook_blocksUntilReleased(@TempDir Path dir) throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        recorder.hook(f -> {
            entered.countDown();
            release.await();
        });
        Path file = spy.wrap(dir).resolve("a.log");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[10]), 0);
            CompletableFuture<Void> force = CompletableFuture.runAsync(() -> {
                try {
                    channel.force(false);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });

            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(100);
            assertThat(force).isNotDone();
            assertThat(recorder.everyWriteForced()).isFalse();

            release.countDown();
            force.get(10, TimeUnit.SECONDS);
            assertThat(recorder.everyWriteForced()).isTrue();
        }
    }

    @Test
    void filesApi_listsMovesReadsAndDeletesThroughTheSpy(@TempDir Path dir) throws Exception {
        Path root = spy.wrap(dir);
        Path nested = root.resolve("x").resolve("y");
        Files.createDirectories(nested);
        Files.write(nested.resolve("a.tmp"), "hello".getBytes(StandardCharsets.UTF_8));
        Files.move(
                nested.resolve("a.tmp"),
                nested.resolve("a"),
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);

        List<String> names;
        try (Stream<Path> files = Files.list(nested)) {
            names = files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .collect(Collectors.toList());
        }
        assertThat(names).containsExactly("a");
        assertThat(new String(Files.readAllBytes(nested.resolve("a")), StandardCharsets.UTF_8))
                .isEqualTo("hello");
        assertThat(Files.deleteIfExists(nested.resolve("a"))).isTrue();
        assertThat(recorder.log(dir.resolve("x/y/a.tmp")).bytesWritten()).isEqualTo(5);
    }

    @Test
    void writeListener_seesPositionAndBytesOfEveryWrite(@TempDir Path dir) throws Exception {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        recorder.listen((f, position, data) ->
                seen.add(f.getFileName() + "@" + position + "=" + new String(data, StandardCharsets.US_ASCII)));
        Path file = spy.wrap(dir).resolve("w");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)), 5);
            channel.position(0);
            channel.write(new ByteBuffer[] {
                ByteBuffer.wrap("xy".getBytes(StandardCharsets.US_ASCII)),
                ByteBuffer.wrap("z".getBytes(StandardCharsets.US_ASCII))
            });
        }
        assertThat(seen).containsExactly("w@5=abc", "w@0=xyz");
    }

    @Test
    void toFile_isRefused_soCodeBypassingNioCannotGoUnseen(@TempDir Path dir) {
        assertThatThrownBy(() -> spy.wrap(dir).toFile()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void writableMapping_isRefused(@TempDir Path dir) throws Exception {
        Path file = spy.wrap(dir).resolve("m");
        try (FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            assertThatThrownBy(() -> channel.map(FileChannel.MapMode.READ_WRITE, 0, 16))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
