package io.cardkey.core;

import static io.cardkey.core.Fixtures.AGENT;
import static io.cardkey.core.Fixtures.GENERAL_AGENT;
import static io.cardkey.core.Fixtures.RETAIL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DistributorTreeTest {
    static final DistributorId GA = DistributorId.of("ga");
    static final DistributorId AG = DistributorId.of("agent");
    static final DistributorId OTHER = DistributorId.of("other");

    static DistributorTree classic() {
        DistributorTree tree = DistributorTree.create();
        tree.add(GA, GENERAL_AGENT);
        tree.add(AG, AGENT, GA);
        return tree;
    }

    @Test
    void create_hasTwoPaidLevelsByDefault() {
        DistributorTree tree = DistributorTree.create();
        assertThat(tree.maxPaidLevels()).isEqualTo(2);
        assertThat(tree.maxDepth()).isEqualTo(2);
        assertThat(tree.size()).isZero();
        assertThat(tree.toString()).contains("2 paid levels");
    }

    @Test
    void chainOf_seller_listsSellerThenUplinesWithTiers() {
        DistributorTree tree = classic();
        assertThat(tree.chainOf(AG).links())
                .containsExactly(
                        new UplineChain.Link(AG, AGENT, false), new UplineChain.Link(GA, GENERAL_AGENT, false));
        assertThat(tree.chainOf(GA).links()).containsExactly(new UplineChain.Link(GA, GENERAL_AGENT, false));
        assertThat(tree.upline(AG)).contains(GA);
        assertThat(tree.upline(GA)).isEmpty();
        assertThat(tree.downlines(GA)).containsExactly(AG);
        assertThat(tree.depth(AG)).isEqualTo(2);
    }

    @Test
    void chainOf_deeperTree_isCutAtPaidLevels() {
        DistributorTree tree = DistributorTree.withLimits(2, 4);
        tree.add(GA, GENERAL_AGENT);
        tree.add(AG, AGENT, GA);
        DistributorId reseller = DistributorId.of("reseller");
        tree.add(reseller, RETAIL, AG);
        assertThat(tree.chainOf(reseller).links())
                .extracting(UplineChain.Link::distributor)
                .containsExactly(reseller, AG);
    }

    @Test
    void chainSnapshot_isNotChangedByLaterMovesTiersOrSuspensions() {
        DistributorTree tree = classic();
        tree.add(OTHER, GENERAL_AGENT);
        UplineChain before = tree.chainOf(AG);
        tree.move(AG, OTHER);
        tree.changeTier(AG, RETAIL);
        tree.suspend(GA);
        assertThat(before.links())
                .containsExactly(
                        new UplineChain.Link(AG, AGENT, false), new UplineChain.Link(GA, GENERAL_AGENT, false));
        assertThat(tree.chainOf(AG).links())
                .containsExactly(
                        new UplineChain.Link(AG, RETAIL, false), new UplineChain.Link(OTHER, GENERAL_AGENT, false));
    }

    @Test
    void suspendAndResume_areRecordedInTheChain() {
        DistributorTree tree = classic();
        assertThat(tree.suspend(GA)).isTrue();
        assertThat(tree.suspend(GA)).isFalse();
        assertThat(tree.isSuspended(GA)).isTrue();
        assertThat(tree.chainOf(AG).level(2).suspended()).isTrue();
        assertThat(tree.resume(GA)).isTrue();
        assertThat(tree.resume(GA)).isFalse();
        assertThat(tree.chainOf(AG).level(2).suspended()).isFalse();
    }

    @Test
    void move_underItself_throwsCycle() {
        DistributorTree tree = classic();
        assertThatThrownBy(() -> tree.move(GA, GA))
                .isInstanceOfSatisfying(DistributorCycleException.class, e -> {
                    assertThat(e.getDistributor()).isEqualTo(GA);
                    assertThat(e.getUpline()).isEqualTo(GA);
                })
                .hasMessageContaining("itself");
    }

    @Test
    void move_underOwnDownline_throwsCycleAndChangesNothing() {
        DistributorTree tree = classic();
        assertThatThrownBy(() -> tree.move(GA, AG))
                .isInstanceOfSatisfying(
                        DistributorCycleException.class,
                        e -> assertThat(e.getUpline()).isEqualTo(AG))
                .hasMessageContaining("downlines");
        assertThat(tree.upline(GA)).isEmpty();
        assertThat(tree.upline(AG)).contains(GA);
    }

    @Test
    void add_beyondDepthLimit_throwsAndChangesNothing() {
        DistributorTree tree = classic();
        DistributorId deep = DistributorId.of("deep");
        assertThatThrownBy(() -> tree.add(deep, RETAIL, AG))
                .isInstanceOfSatisfying(DepthLimitExceededException.class, e -> {
                    assertThat(e.getDistributor()).isEqualTo(deep);
                    assertThat(e.getDepth()).isEqualTo(3);
                    assertThat(e.getLimit()).isEqualTo(2);
                });
        assertThat(tree.contains(deep)).isFalse();
        assertThat(tree.downlines(AG)).isEmpty();
    }

    @Test
    void move_subtreeBeyondDepthLimit_throwsAndChangesNothing() {
        DistributorTree tree = classic();
        tree.add(OTHER, GENERAL_AGENT);
        assertThatThrownBy(() -> tree.move(GA, OTHER))
                .isInstanceOfSatisfying(
                        DepthLimitExceededException.class,
                        e -> assertThat(e.getDepth()).isEqualTo(3));
        assertThat(tree.upline(GA)).isEmpty();
        assertThat(tree.downlines(OTHER)).isEmpty();
    }

    @Test
    void moveToTop_detachesFromUpline() {
        DistributorTree tree = classic();
        tree.moveToTop(AG);
        assertThat(tree.upline(AG)).isEmpty();
        assertThat(tree.downlines(GA)).isEmpty();
        assertThat(tree.depth(AG)).isEqualTo(1);
    }

    @Test
    void unknownAndDuplicate_distributors_throwSpecificExceptions() {
        DistributorTree tree = classic();
        assertThatThrownBy(() -> tree.add(GA, AGENT))
                .isInstanceOfSatisfying(
                        DuplicateDistributorException.class,
                        e -> assertThat(e.getDistributor()).isEqualTo(GA));
        assertThatThrownBy(() -> tree.add(AG, AGENT, GA)).isInstanceOf(DuplicateDistributorException.class);
        DistributorId ghost = DistributorId.of("ghost");
        assertThatThrownBy(() -> tree.add(OTHER, AGENT, ghost))
                .isInstanceOfSatisfying(
                        UnknownDistributorException.class,
                        e -> assertThat(e.getDistributor()).isEqualTo(ghost));
        assertThat(tree.contains(OTHER)).isFalse();
        for (Runnable call : List.<Runnable>of(
                () -> tree.move(ghost, GA),
                () -> tree.move(AG, ghost),
                () -> tree.moveToTop(ghost),
                () -> tree.suspend(ghost),
                () -> tree.resume(ghost),
                () -> tree.isSuspended(ghost),
                () -> tree.tier(ghost),
                () -> tree.upline(ghost),
                () -> tree.downlines(ghost),
                () -> tree.depth(ghost),
                () -> tree.chainOf(ghost),
                () -> tree.changeTier(ghost, AGENT))) {
            assertThatThrownBy(call::run).isInstanceOf(UnknownDistributorException.class);
        }
        assertThatThrownBy(() -> tree.add(null, AGENT)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void concurrentMoves_neverCreateACycle() throws Exception {
        DistributorTree tree = DistributorTree.withLimits(2, 64);
        List<DistributorId> ids = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            ids.add(DistributorId.of("d" + i));
            tree.add(ids.get(i), AGENT);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = t;
                futures.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 5_000; i++) {
                        DistributorId a = ids.get(random.nextInt(ids.size()));
                        DistributorId b = ids.get(random.nextInt(ids.size()));
                        try {
                            tree.move(a, b);
                        } catch (DistributorCycleException | DepthLimitExceededException refused) {
                            // expected for some random pairs
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (DistributorId id : ids) {
            Set<DistributorId> seen = new HashSet<>();
            for (Optional<DistributorId> at = Optional.of(id); at.isPresent(); at = tree.upline(at.get())) {
                assertThat(seen.add(at.get())).isTrue();
            }
            assertThat(seen).hasSize(tree.depth(id));
        }
    }

    @Test
    void withLimits_validatesArguments() {
        assertThatThrownBy(() -> DistributorTree.withLimits(-1, 2)).hasMessageContaining("maxPaidLevels was -1");
        assertThatThrownBy(() -> DistributorTree.withLimits(3, 2)).hasMessageContaining("maxDepth was 2");
        assertThatThrownBy(() -> DistributorTree.withLimits(0, 0)).hasMessageContaining("maxDepth was 0");
        DistributorTree unpaid = DistributorTree.withLimits(0, 1);
        unpaid.add(GA, GENERAL_AGENT);
        assertThat(unpaid.chainOf(GA).isEmpty()).isTrue();
    }

    @Test
    void uplineChain_validatesAndPrints() {
        UplineChain chain = classic().chainOf(AG);
        assertThat(chain.size()).isEqualTo(2);
        assertThat(chain.level(1).distributor()).isEqualTo(AG);
        assertThatThrownBy(() -> chain.level(3)).hasMessageContaining("level was 3");
        assertThatThrownBy(() -> chain.level(0)).hasMessageContaining("level was 0");
        assertThat(chain.toString()).isEqualTo("UplineChain[1:agent(agent#1), 2:ga(总代#0)]");
        assertThat(UplineChain.of(chain.links())).isEqualTo(chain).hasSameHashCodeAs(chain);
        assertThat(UplineChain.of(List.of())).isSameAs(UplineChain.empty());
        UplineChain.Link link = new UplineChain.Link(AG, AGENT, false);
        assertThatThrownBy(() -> UplineChain.of(List.of(link, link))).hasMessageContaining("twice");
        assertThatThrownBy(() -> new UplineChain.Link(null, AGENT, false)).isInstanceOf(NullPointerException.class);
    }
}
