package io.cardkey.ledger.internal.journal;

import java.util.concurrent.CompletableFuture;

/**
 * The future an append returns. Only the journal completes it: callers cannot complete, fail or overwrite it, so a
 * caller can never make a batch look durable when it is not.
 */
final class DurableFuture extends CompletableFuture<Void> {
    void markDurable() {
        super.complete(null);
    }

    void markFailed(Throwable failure) {
        super.completeExceptionally(failure);
    }

    @Override
    public boolean complete(Void value) {
        throw new UnsupportedOperationException("only the journal completes an append's future");
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        throw new UnsupportedOperationException("only the journal completes an append's future");
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        throw new UnsupportedOperationException("an append cannot be cancelled once it is queued");
    }

    @Override
    public void obtrudeValue(Void value) {
        throw new UnsupportedOperationException("only the journal completes an append's future");
    }

    @Override
    public void obtrudeException(Throwable ex) {
        throw new UnsupportedOperationException("only the journal completes an append's future");
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
