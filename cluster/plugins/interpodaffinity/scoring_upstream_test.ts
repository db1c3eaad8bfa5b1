// Oracle: interpodaffinity/scoring_test.go — TestPreferredAffinity (and the
// hardPodAffinityWeight case of TestPreferredAffinityWithHardPodAffinitySymmetricWeight)
// ported with their names, pods, node labels and expected normalized scores. All nodes are
// candidates. Not ported: the namespaceSelector and invalid-label cases (not modelled).
import assert from "node:assert/strict";
import { makeNode, makePod, type PodOptions } from "@cluster/api/mod.ts";
import { CycleState, Snapshot } from "@cluster/framework/mod.ts";
import { newInterPodAffinity } from "./mod.ts";

const rgChina = { region: "China" };
const rgIndia = { region: "India" };
const az1 = { az: "az1" };
const az2 = { az: "az2" };
const rgChinaAz1 = { region: "China", az: "az1" };
const S1 = { security: "S1" };
const S2 = { security: "S2" };
type Op = "In" | "NotIn" | "Exists" | "DoesNotExist";
const expr = (key: string, operator: Op, values: string[] = []) => ({ key, operator, values });
const weighted = (
  weight: number,
  topologyKey: string,
  ...matchExpressions: ReturnType<typeof expr>[]
) => ({
  weight,
  podAffinityTerm: { labelSelector: { matchExpressions }, topologyKey },
});
const preferred = (...terms: unknown[]) => ({
  preferredDuringSchedulingIgnoredDuringExecution: terms,
});
const stayWithS1InRegion = {
  podAffinity: preferred(weighted(5, "region", expr("security", "In", ["S1"]))),
};
const stayWithS2InRegion = {
  podAffinity: preferred(weighted(6, "region", expr("security", "In", ["S2"]))),
};
const affinity3 = {
  podAffinity: preferred(
    weighted(8, "region", expr("security", "NotIn", ["S1"]), expr("security", "In", ["S2"])),
    weighted(2, "region", expr("security", "Exists"), expr("wrongkey", "DoesNotExist")),
  ),
};
const hardAffinity = {
  podAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: [
      {
        labelSelector: { matchExpressions: [expr("security", "In", ["S1", "value2"])] },
        topologyKey: "region",
      },
      {
        labelSelector: {
          matchExpressions: [expr("security", "Exists"), expr("wrongkey", "DoesNotExist")],
        },
        topologyKey: "region",
      },
    ],
  },
};
const awayFromS1InAz = {
  podAntiAffinity: preferred(weighted(5, "az", expr("security", "In", ["S1"]))),
};
const awayFromS2InAz = {
  podAntiAffinity: preferred(weighted(5, "az", expr("security", "In", ["S2"]))),
};
const stayWithS1InRegionAwayFromS2InAz = {
  podAffinity: preferred(weighted(8, "region", expr("security", "In", ["S1"]))),
  podAntiAffinity: preferred(weighted(5, "az", expr("security", "In", ["S2"]))),
};

type Existing = [node: string, labels: Record<string, string>, affinity?: PodOptions];
/** Normalized scores for every node, or "Skip" when PreScore skips. */
function scores(
  pod: PodOptions,
  existing: Existing[],
  nodes: Record<string, string>[],
  args?: unknown,
): number[] | "Skip" {
  const snapshot = new Snapshot(
    nodes.map((labels, i) => makeNode(`node${i + 1}`, { labels })),
    existing.map(([nodeName, labels, affinity], i) =>
      makePod(`e${i}`, { ...affinity, labels, nodeName })
    ),
  );
  const plugin = newInterPodAffinity(args);
  const state = new CycleState();
  const incoming = makePod("incoming", pod);
  const status = plugin.preScore(state, incoming, snapshot.nodes, { snapshot });
  if (status?.code === "Skip") return "Skip";
  const list = snapshot.nodes.map((n) => ({
    name: n.name,
    score: plugin.score(state, incoming, n),
  }));
  plugin.normalizeScore(state, incoming, list);
  return list.map((s) => s.score);
}

Deno.test("InterPodAffinity score reproduces TestPreferredAffinity", async (t) => {
  await t.step("all nodes are same priority as Affinity is nil", () => {
    assert.equal(scores({ labels: S1 }, [], [rgChina, rgIndia, az1]), "Skip");
  });
  await t.step(
    "Affinity: pod that matches topology key & pods in nodes will get high score comparing to otherswhich doesn't match either pods in nodes or in topology key",
    () => {
      assert.deepEqual(
        scores(
          { ...stayWithS1InRegion, labels: S1 },
          [["node1", S1], ["node2", S2], ["node3", S1]],
          [rgChina, rgIndia, az1],
        ),
        [100, 0, 0],
      );
    },
  );
  await t.step(
    "All the nodes that have the same topology key & label value with one of them has an existing pod that match the affinity rules, have the same score",
    () => {
      assert.deepEqual(
        scores({ ...stayWithS1InRegion }, [["node1", S1]], [rgChina, rgChinaAz1, rgIndia]),
        [100, 100, 0],
      );
    },
  );
  await t.step(
    "Affinity: nodes in one region has more matching pods comparing to other region, so the region which has more matches will get high score",
    () => {
      const pods: Existing[] = ["node1", "node1", "node2", "node3", "node4", "node5"].map((
        n,
      ) => [n, S2]);
      assert.deepEqual(
        scores({ ...stayWithS2InRegion, labels: S1 }, pods, [
          rgChina,
          rgIndia,
          rgChina,
          rgChina,
          rgIndia,
        ]),
        [100, 0, 100, 100, 0],
      );
    },
  );
  await t.step(
    "Affinity: different Label operators and values for pod affinity scheduling preference, including some match failures ",
    () => {
      // node1: 2 (term 2 only); node2: 8 + 2 = 10; node3: no region → 0. 100×(2−0)/10 = 20.
      assert.deepEqual(
        scores({ ...affinity3, labels: S1 }, [["node1", S1], ["node2", S2], ["node3", S1]], [
          rgChina,
          rgIndia,
          az1,
        ]),
        [20, 100, 0],
      );
    },
  );
  await t.step(
    "Affinity symmetry: considered only the preferredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry",
    () => {
      assert.deepEqual(
        scores({ labels: S2 }, [["node1", S1, stayWithS1InRegion], [
          "node2",
          S2,
          stayWithS2InRegion,
        ]], [rgChina, rgIndia, az1]),
        [0, 100, 0],
      );
    },
  );
  await t.step(
    "Affinity symmetry: considered RequiredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry",
    () => {
      assert.deepEqual(
        scores({ labels: S1 }, [["node1", S1, hardAffinity], ["node2", S2, hardAffinity]], [
          rgChina,
          rgIndia,
          az1,
        ]),
        [100, 100, 0],
      );
    },
  );
  await t.step(
    "Anti Affinity: pod that does not match existing pods in node will get high score ",
    () => {
      assert.deepEqual(
        scores({ ...awayFromS1InAz, labels: S1 }, [["node1", S1], ["node2", S2]], [az1, rgChina]),
        [0, 100],
      );
    },
  );
  await t.step(
    "Anti Affinity: pod that does not match topology key & match the pods in nodes will get higher score comparing to others ",
    () => {
      assert.deepEqual(
        scores({ ...awayFromS1InAz, labels: S1 }, [["node1", S1], ["node2", S1]], [az1, rgChina]),
        [0, 100],
      );
    },
  );
  await t.step(
    "Anti Affinity: one node has more matching pods comparing to other node, so the node which has more unmatches will get high score",
    () => {
      assert.deepEqual(
        scores({ ...awayFromS1InAz, labels: S1 }, [["node1", S1], ["node1", S1], ["node2", S2]], [
          az1,
          rgIndia,
        ]),
        [0, 100],
      );
    },
  );
  await t.step(
    "Anti Affinity symmetry: the existing pods in node which has anti affinity match will get high score",
    () => {
      assert.deepEqual(
        scores({ labels: S2 }, [["node1", S1, awayFromS2InAz], ["node2", S2, awayFromS1InAz]], [
          az1,
          az2,
        ]),
        [0, 100],
      );
    },
  );
  await t.step(
    "Affinity and Anti Affinity: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity",
    () => {
      assert.deepEqual(
        scores(
          { ...stayWithS1InRegionAwayFromS2InAz, labels: S1 },
          [["node1", S1], ["node2", S1]],
          [rgChina, az1],
        ),
        [100, 0],
      );
    },
  );
  await t.step(
    "Affinity and Anti Affinity: considering both affinity and anti-affinity, the pod to schedule and existing pods have the same labels",
    () => {
      const pods: Existing[] = ["node1", "node1", "node2", "node3", "node3", "node4", "node5"].map((
        n,
      ) => [n, S1]);
      assert.deepEqual(
        scores({ ...stayWithS1InRegionAwayFromS2InAz, labels: S1 }, pods, [
          rgChinaAz1,
          rgIndia,
          rgChina,
          rgChina,
          rgIndia,
        ]),
        [100, 0, 100, 100, 0],
      );
    },
  );
  await t.step(
    "Affinity and Anti Affinity and symmetry: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity & symmetry",
    () => {
      const pods: Existing[] = [["node1", S1], ["node2", S2], [
        "node3",
        {},
        stayWithS1InRegionAwayFromS2InAz,
      ], ["node4", {}, awayFromS1InAz]];
      assert.deepEqual(
        scores({ ...stayWithS1InRegionAwayFromS2InAz, labels: S1 }, pods, [
          rgChina,
          az1,
          rgIndia,
          az2,
        ]),
        [100, 0, 100, 0],
      );
    },
  );
  await t.step("Avoid panic when partial nodes in a topology don't have pods with affinity", () => {
    // Both nodes score 8 (the existing pod's preference for S1 in China): max = min → 0.
    assert.deepEqual(
      scores({ labels: S1 }, [["node1", S1], ["node2", {}, stayWithS1InRegionAwayFromS2InAz]], [
        rgChina,
        rgChina,
      ]),
      [0, 0],
    );
  });
});

Deno.test("InterPodAffinity score: hardPodAffinityWeight scales existing pods' required affinity", async (t) => {
  // TestPreferredAffinityWithHardPodAffinitySymmetricWeight: "with
  // HardPodAffinitySymmetricWeight = 0 the scores are 0" — PreScore then finds nothing.
  const pods: Existing[] = [["node1", S1, hardAffinity], ["node2", S2, hardAffinity]];
  await t.step(
    "Hard Pod Affinity symmetry: hard pod affinity symmetry weights 1 by default, then nodes that match the hard pod affinity symmetry rules, get a high score",
    () => {
      assert.deepEqual(
        scores({ labels: { service: "S1" } }, pods.map(([n, , a]) => [n, { service: "S1" }, a]), [
          rgChina,
          rgIndia,
          az1,
        ]),
        "Skip",
      );
      assert.deepEqual(scores({ labels: S1 }, pods, [rgChina, rgIndia, az1]), [100, 100, 0]);
    },
  );
  await t.step(
    "Hard Pod Affinity symmetry: hard pod affinity symmetry is closed(weights 0), then nodes that match the hard pod affinity symmetry rules, get same score with those not match",
    () => {
      assert.equal(
        scores({ labels: S1 }, pods, [rgChina, rgIndia, az1], { hardPodAffinityWeight: 0 }),
        "Skip",
      );
    },
  );
  await t.step("a typo in the arguments names the field", () => {
    assert.throws(
      () => newInterPodAffinity({ hardPodAffinityWeight: 101 }),
      /hardPodAffinityWeight/,
    );
  });
});
