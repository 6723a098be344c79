package io.cardkey.ledger.internal.journal;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Reads a file through a sliding heap window so that parsing many small batches costs few system calls. */
final class WindowReader {
    private final FileIo.Handle handle;
    private ByteBuffer window;
    private long windowStart;
    private int windowLength;

    WindowReader(FileIo.Handle handle, int capacity) {
        this.handle = handle;
        this.window = ByteBuffer.allocate(capacity);
    }

    /**
     * Makes the bytes {@code [position, position + length)} available in the returned buffer at index
     * {@link #indexOf(long) indexOf(position)}.
     *
     * @return the window, or {@code null} if the file ends before {@code position + length}
     */
    ByteBuffer fetch(long position, int length) throws IOException {
        if (position >= windowStart && position + length <= windowStart + windowLength) {
            return window;
        }
        if (length > window.capacity()) {
            window = ByteBuffer.allocate(length);
        }
        window.clear();
        windowStart = position;
        windowLength = 0;
        while (window.position() < length) {
            int n = handle.read(window, position + window.position());
            if (n < 0) {
                break;
            }
        }
        windowLength = window.position();
        return windowLength < length ? null : window;
    }

    int indexOf(long position) {
        return (int) (position - windowStart);
    }

    /** Returns whether {@code [from, to)} holds only zero bytes. */
    boolean allZero(long from, long to) throws IOException {
        ByteBuffer w = fetch(from, (int) (to - from));
        if (w == null) {
            return false;
        }
        int start = indexOf(from);
        for (int i = 0; i < to - from; i++) {
            if (w.get(start + i) != 0) {
                return false;
            }
        }
        return true;
    }
}
