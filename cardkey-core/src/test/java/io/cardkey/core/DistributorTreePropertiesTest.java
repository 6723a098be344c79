package io.cardkey.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class DistributorTreePropertiesTest {
    /** Random adds and moves: whatever is accepted or refused, the tree never has a cycle or breaks its limit. */
    @Property(tries = 300)
    void randomMoves_neverCreateACycleOrExceedTheDepthLimit(
            @ForAll @IntRange(min = 1, max = 6) int maxDepth,
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 15) Integer> ops) {
        DistributorTree tree = DistributorTree.withLimits(Math.min(2, maxDepth), maxDepth);
        List<DistributorId> ids = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            ids.add(DistributorId.of("d" + i));
        }
        Tier tier = Tier.of("t", 0);
        for (int i = 0; i + 1 < ops.size(); i += 2) {
            DistributorId a = ids.get(ops.get(i));
            DistributorId b = ids.get(ops.get(i + 1));
            try {
                if (!tree.contains(a)) {
                    if (tree.contains(b)) {
                        tree.add(a, tier, b);
                    } else {
                        tree.add(a, tier);
                    }
                } else if (tree.contains(b)) {
                    tree.move(a, b);
                } else {
                    tree.moveToTop(a);
                }
            } catch (DistributorCycleException | DepthLimitExceededException refused) {
                // refused moves are fine; the invariants below must still hold
            }
            assertInvariants(tree, ids, maxDepth);
        }
    }

    private static void assertInvariants(DistributorTree tree, List<DistributorId> ids, int maxDepth) {
        int count = 0;
        for (DistributorId id : ids) {
            if (!tree.contains(id)) {
                continue;
            }
            count++;
            Set<DistributorId> seen = new HashSet<>();
            Optional<DistributorId> at = Optional.of(id);
            while (at.isPresent()) {
                assertThat(seen.add(at.get())).as("cycle through %s", at.get()).isTrue();
                at = tree.upline(at.get());
            }
            assertThat(seen.size()).isEqualTo(tree.depth(id)).isLessThanOrEqualTo(maxDepth);
            tree.upline(id).ifPresent(up -> assertThat(tree.downlines(up)).contains(id));
            for (DistributorId down : tree.downlines(id)) {
                assertThat(tree.upline(down)).contains(id);
            }
            assertThat(tree.chainOf(id).size()).isLessThanOrEqualTo(tree.maxPaidLevels());
        }
        assertThat(tree.size()).isEqualTo(count);
    }
}
