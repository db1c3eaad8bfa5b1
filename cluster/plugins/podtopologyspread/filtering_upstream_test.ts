// Oracle: podtopologyspread/filtering_test.go — TestSingleConstraint and
// TestMultipleConstraints cases ported verbatim (names, nodes, existing pods, expected fits).
// Nodes carry labels zone and node; selectors are MakeLabelSelector().Exists(key).
import assert from "node:assert/strict";
import { makeNode, makePod, type PodOptions } from "@cluster/api/mod.ts";
import { CycleState, Snapshot } from "@cluster/framework/mod.ts";
import { newPodTopologySpread } from "./mod.ts";

const exists = (key: string) => ({
  matchLabels: {},
  matchExpressions: [{ key, operator: "Exists" as const, values: [] }],
});
const hard = (maxSkew: number, topologyKey: string, key = "foo") => ({
  maxSkew,
  topologyKey,
  whenUnsatisfiable: "DoNotSchedule" as const,
  labelSelector: exists(key),
});
const node = (name: string, zone: string, zoneKey = "zone") =>
  makeNode(name, { labels: { [zoneKey]: zone, node: name } });
const NODES = [
  node("node-a", "zone1"),
  node("node-b", "zone1"),
  node("node-x", "zone2"),
  node("node-y", "zone2"),
];
const existing = (name: string, nodeName: string, label = "foo", namespace = "default") =>
  makePod(name, { nodeName, labels: { [label]: "" }, namespace });
/** Pods named p-<node letter><n> on the node of their letter, labelled foo. */
const spread = (...names: string[]) => names.map((n) => existing(n, `node-${n[2]}`));

function fits(
  pod: PodOptions,
  pods: ReturnType<typeof existing>[],
  nodes = NODES,
): Record<string, boolean> {
  const incoming = makePod("p", pod);
  const snapshot = new Snapshot(nodes, pods);
  const plugin = newPodTopologySpread();
  const state = new CycleState();
  assert.equal(plugin.preFilter(state, incoming, { snapshot }), null);
  return Object.fromEntries(
    snapshot.nodes.map((n) => [n.name, plugin.filter(state, incoming, n, { snapshot }) === null]),
  );
}
const want = (a: boolean, b: boolean, x: boolean, y: boolean) => ({
  "node-a": a,
  "node-b": b,
  "node-x": x,
  "node-y": y,
});
const foo = { labels: { foo: "" } };

Deno.test("PodTopologySpread filter reproduces filtering_test.go TestSingleConstraint", async (t) => {
  await t.step("existing pods with mis-matched namespace doesn't count", () => {
    const pods = [
      existing("p-a1", "node-a", "foo", "ns1"),
      existing("p-b1", "node-a", "foo", "ns2"),
      ...spread("p-x1", "p-y1"),
    ];
    assert.deepEqual(
      fits({ ...foo, topologySpreadConstraints: [hard(1, "zone")] }, pods),
      want(true, true, false, false),
    );
  });
  await t.step("pods spread across zones as 3/3, all nodes fit", () => {
    const pods = spread("p-a1", "p-a2", "p-b1", "p-y1", "p-y2", "p-y3");
    assert.deepEqual(
      fits({ ...foo, topologySpreadConstraints: [hard(1, "zone")] }, pods),
      want(true, true, true, true),
    );
  });
  await t.step("pods spread across zones as 1/2 due to absence of label 'zone' on node-b", () => {
    const nodes = [
      node("node-a", "zone1"),
      node("node-b", "zone1", "zon"),
      node("node-x", "zone2"),
      node("node-y", "zone2"),
    ];
    const pods = spread("p-a1", "p-b1", "p-x1", "p-y1");
    assert.deepEqual(
      fits({ ...foo, topologySpreadConstraints: [hard(1, "zone")] }, pods, nodes),
      want(true, false, false, false),
    );
  });
  const twoOneZeroThree = () => spread("p-a1", "p-a2", "p-b1", "p-y1", "p-y2", "p-y3");
  await t.step("pods spread across nodes as 2/1/0/3, only node-x fits", () => {
    assert.deepEqual(
      fits({ ...foo, topologySpreadConstraints: [hard(1, "node")] }, twoOneZeroThree()),
      want(false, false, true, false),
    );
  });
  await t.step("pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit", () => {
    assert.deepEqual(
      fits({ ...foo, topologySpreadConstraints: [hard(2, "node")] }, twoOneZeroThree()),
      want(false, true, true, false),
    );
  });
  await t.step("pods spread across nodes as 2/1/0/3, but pod doesn't match itself", () => {
    const pod = { labels: { bar: "" }, topologySpreadConstraints: [hard(1, "node")] };
    assert.deepEqual(fits(pod, twoOneZeroThree()), want(false, true, true, false));
  });
  await t.step(
    "incoming pod has nodeAffinity, pods spread as 2/~1~/~0~/3, hence node-a fits",
    () => {
      const pod = {
        ...foo,
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{
              matchExpressions: [{ key: "node", operator: "In", values: ["node-a", "node-y"] }],
            }],
          },
        },
        topologySpreadConstraints: [hard(1, "node")],
      };
      // As upstream: NodeAffinity's own filter is not run here, so node-b and node-x "fit".
      assert.deepEqual(fits(pod, twoOneZeroThree()), want(true, true, true, false));
    },
  );
});

Deno.test("PodTopologySpread filter reproduces filtering_test.go TestMultipleConstraints", async (t) => {
  const both = (
    zoneKey = "foo",
    nodeKey = "foo",
  ) => [hard(1, "zone", zoneKey), hard(1, "node", nodeKey)];
  await t.step("two constraints on zone and node, spreads = [3/3, 2/1/0/3]", () => {
    const pods = spread("p-a1", "p-a2", "p-b1", "p-y1", "p-y2", "p-y3");
    assert.deepEqual(
      fits({ ...foo, topologySpreadConstraints: both() }, pods),
      want(false, false, true, false),
    );
  });
  await t.step("two constraints on zone and node, spreads = [3/4, 2/1/0/4]", () => {
    const pods = spread("p-a1", "p-a2", "p-b1", "p-y1", "p-y2", "p-y3", "p-y4");
    assert.deepEqual(
      fits({ ...foo, topologySpreadConstraints: both() }, pods),
      want(false, false, false, false),
    );
  });
  const fooBar = { labels: { foo: "", bar: "" }, topologySpreadConstraints: both("foo", "bar") };
  await t.step("constraints hold different labelSelectors, spreads = [1/0, 1/0/0/1]", () => {
    const pods = [existing("p-a1", "node-a", "foo"), existing("p-y1", "node-y", "bar")];
    assert.deepEqual(fits(fooBar, pods), want(false, false, true, false));
  });
  await t.step("constraints hold different labelSelectors, spreads = [1/0, 0/0/1/1]", () => {
    const pods = [
      existing("p-a1", "node-a", "foo"),
      existing("p-x1", "node-x", "bar"),
      existing("p-y1", "node-y", "bar"),
    ];
    assert.deepEqual(fits(fooBar, pods), want(false, false, false, false));
  });
});
