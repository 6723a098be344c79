package io.cardkey.postgres;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a test class, its JUnit tests and its jqwik properties alike, when no PostgreSQL server is configured, and
 * fails it instead when {@code CARDKEY_PG_REQUIRED=true} (CI). See {@link TestDatabase}.
 */
final class RequiresPostgres implements ExecutionCondition, SkipExecutionHook {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return TestDatabase.skipReason()
                .map(ConditionEvaluationResult::disabled)
                .orElseGet(() -> ConditionEvaluationResult.enabled("PostgreSQL is configured"));
    }

    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        return TestDatabase.skipReason().map(SkipResult::skip).orElseGet(SkipResult::doNotSkip);
    }
}
