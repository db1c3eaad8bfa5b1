// Oracle: the formulas of podtopologyspread/filtering.go and scoring.go worked by hand in
// each case's comment (cluster shapes in the style of filtering_test.go: nodes a, b in
// zone1 and x, y in zone2, pods labelled foo).
import assert from "node:assert/strict";
import { makeNode, makePod, type PodOptions } from "@cluster/api/mod.ts";
import { CycleState, Snapshot } from "@cluster/framework/mod.ts";
import { newPodTopologySpread, REASONS } from "./mod.ts";

const fooSelector = { matchLabels: { foo: "" }, matchExpressions: [] };
const zone = (
  maxSkew: number,
  whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway",
  extra: object = {},
) => ({
  maxSkew,
  topologyKey: "zone",
  whenUnsatisfiable,
  labelSelector: fooSelector,
  ...extra,
});
const nodes = [
  makeNode("node-a", { labels: { zone: "zone1" } }),
  makeNode("node-b", { labels: { zone: "zone1" } }),
  makeNode("node-x", { labels: { zone: "zone2" } }),
  makeNode("node-y", { labels: { zone: "zone2" } }),
];
const foo = (name: string, node: string) => makePod(name, { labels: { foo: "" }, nodeName: node });

function feasible(podOptions: PodOptions, existing: ReturnType<typeof foo>[], cluster = nodes) {
  const pod = makePod("p", { labels: { foo: "" }, ...podOptions });
  const snapshot = new Snapshot(cluster, existing);
  const plugin = newPodTopologySpread();
  const state = new CycleState();
  assert.equal(plugin.preFilter(state, pod, { snapshot }), null);
  return Object.fromEntries(
    snapshot.nodes.map((
      n,
    ) => [n.name, plugin.filter(state, pod, n, { snapshot })?.reasons[0] ?? "ok"]),
  );
}

Deno.test("PodTopologySpread filter: skew = count(domain) + self − global minimum ≤ maxSkew", async (t) => {
  await t.step("pods spread 3/1 across zones, maxSkew 1: only zone2 passes", () => {
    // zone1: 3, zone2: 1 → min 1; zone1: 3 + 1 − 1 = 3 > 1 ✗; zone2: 1 + 1 − 1 = 1 ✓
    const existing = [
      foo("p-a1", "node-a"),
      foo("p-a2", "node-a"),
      foo("p-b1", "node-b"),
      foo("p-x1", "node-x"),
    ];
    assert.deepEqual(
      feasible({ topologySpreadConstraints: [zone(1, "DoNotSchedule")] }, existing),
      {
        "node-a": REASONS.constraintsNotMatch,
        "node-b": REASONS.constraintsNotMatch,
        "node-x": "ok",
        "node-y": "ok",
      },
    );
  });
  await t.step("the same with maxSkew 2: zone1 still fails (3 > 2)", () => {
    const existing = [
      foo("p-a1", "node-a"),
      foo("p-a2", "node-a"),
      foo("p-b1", "node-b"),
      foo("p-x1", "node-x"),
    ];
    const result = feasible({ topologySpreadConstraints: [zone(2, "DoNotSchedule")] }, existing);
    assert.deepEqual([result["node-a"], result["node-x"]], [REASONS.constraintsNotMatch, "ok"]);
  });
  await t.step("a pod that does not match its own selector adds no self count", () => {
    // zone1: 2, zone2: 1 → zone1: 2 + 0 − 1 = 1 ≤ 1 ✓
    const existing = [foo("p-a1", "node-a"), foo("p-b1", "node-b"), foo("p-x1", "node-x")];
    const result = feasible({
      labels: { bar: "" },
      topologySpreadConstraints: [zone(1, "DoNotSchedule")],
    }, existing);
    assert.equal(result["node-a"], "ok");
  });
  await t.step("minDomains greater than the number of domains makes the global minimum 0", () => {
    // 2 domains < minDomains 3 → min 0; zone2: 1 + 1 − 0 = 2 > 1 ✗; without minDomains it passes.
    const existing = [foo("p-a1", "node-a"), foo("p-x1", "node-x")];
    const result = feasible({
      topologySpreadConstraints: [zone(1, "DoNotSchedule", { minDomains: 3 })],
    }, existing);
    assert.deepEqual(Object.values(result), Array(4).fill(REASONS.constraintsNotMatch));
    const plain = feasible({ topologySpreadConstraints: [zone(1, "DoNotSchedule")] }, existing);
    assert.deepEqual(Object.values(plain), Array(4).fill("ok"));
  });
  await t.step("a node without the topology key is unresolvable (missing required label)", () => {
    const cluster = [...nodes, makeNode("node-z")];
    const result = feasible({ topologySpreadConstraints: [zone(1, "DoNotSchedule")] }, [], cluster);
    assert.equal(result["node-z"], REASONS.nodeLabelNotMatch);
  });
  await t.step("nodes excluded by the pod's nodeSelector do not form domains", () => {
    // Only zone1 nodes count: one domain, min = count(zone1) = 2 → skew 2 + 1 − 2 = 1 ✓
    const existing = [foo("p-a1", "node-a"), foo("p-b1", "node-b")];
    const cluster = nodes.map((n) =>
      n.labels.zone === "zone1" ? makeNode(n.name, { labels: { ...n.labels, pool: "x" } }) : n
    );
    const result = feasible(
      { nodeSelector: { pool: "x" }, topologySpreadConstraints: [zone(1, "DoNotSchedule")] },
      existing,
      cluster,
    );
    assert.equal(result["node-a"], "ok");
  });
  await t.step("pods of another namespace are not counted", () => {
    const other = makePod("o", { labels: { foo: "" }, nodeName: "node-a", namespace: "other" });
    const result = feasible({ topologySpreadConstraints: [zone(1, "DoNotSchedule")] }, [
      other,
      other,
      other,
    ]);
    assert.equal(result["node-a"], "ok");
  });
});

Deno.test("PodTopologySpread score: count × ln(domains + 2) + maxSkew − 1, reversed and normalized", () => {
  // ScheduleAnyway on zone, maxSkew 1. Counts zone1 = 3, zone2 = 1; weight ln(2 + 2) = 1.386.
  // raw: zone1 nodes round(3 × 1.386) = 4, zone2 nodes round(1.386) = 1.
  // normalized: 100 × (max + min − raw) / max = 100 × (4 + 1 − 4) / 4 = 25 and 100 × 4 / 4 = 100.
  const existing = [
    foo("p-a1", "node-a"),
    foo("p-a2", "node-a"),
    foo("p-b1", "node-b"),
    foo("p-x1", "node-x"),
  ];
  const snapshot = new Snapshot(nodes, existing);
  const pod = makePod("p", {
    labels: { foo: "" },
    topologySpreadConstraints: [zone(1, "ScheduleAnyway")],
  });
  const plugin = newPodTopologySpread();
  const state = new CycleState();
  assert.equal(plugin.preFilter(state, pod, { snapshot })?.code, "Skip"); // no DoNotSchedule constraint
  plugin.preScore(state, pod, snapshot.nodes, { snapshot });
  const list = snapshot.nodes.map((n) => ({ name: n.name, score: plugin.score(state, pod, n) }));
  assert.deepEqual(list.map((s) => s.score), [4, 4, 1, 1]);
  plugin.normalizeScore(state, pod, list);
  assert.deepEqual(list.map((s) => s.score), [25, 25, 100, 100]);
});
