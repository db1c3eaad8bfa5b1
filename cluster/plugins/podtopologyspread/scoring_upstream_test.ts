// Oracle: podtopologyspread/scoring_test.go — TestPodTopologySpreadScore cases ported
// verbatim. `nodes` are the feasible candidates passed to PreScore and scored; `failedNodes`
// are in the snapshot (their pods count) but are not scored. Selectors are Exists(key).
import assert from "node:assert/strict";
import { makeNode, makePod, type Node, type PodOptions } from "@cluster/api/mod.ts";
import { CycleState, Snapshot } from "@cluster/framework/mod.ts";
import { newPodTopologySpread } from "./mod.ts";

const HOST = "kubernetes.io/hostname";
const exists = (key: string) => ({
  matchLabels: {},
  matchExpressions: [{ key, operator: "Exists" as const, values: [] }],
});
const soft = (maxSkew: number, topologyKey: string, key = "foo") => ({
  maxSkew,
  topologyKey,
  whenUnsatisfiable: "ScheduleAnyway" as const,
  labelSelector: exists(key),
});
const host = (name: string) => makeNode(name);
const zoned = (name: string, zone: string) => makeNode(name, { labels: { zone } });
/** p-<letter><n> on node-<letter>, labelled with `labels` (default foo). */
const on = (name: string, labels: string[] = ["foo"]) =>
  makePod(name, {
    nodeName: `node-${name[2]}`,
    labels: Object.fromEntries(labels.map((l) => [l, ""])),
  });

function scores(
  pod: PodOptions,
  existing: ReturnType<typeof on>[],
  nodes: Node[],
  failedNodes: Node[] = [],
): number[] {
  const incoming = makePod("p", pod);
  const snapshot = new Snapshot([...nodes, ...failedNodes], existing);
  const candidates = nodes.map((n) => snapshot.get(n.name));
  const plugin = newPodTopologySpread();
  const state = new CycleState();
  assert.equal(plugin.preScore(state, incoming, candidates, { snapshot }), null);
  const list = candidates.map((n) => ({ name: n.name, score: plugin.score(state, incoming, n) }));
  plugin.normalizeScore(state, incoming, list);
  return list.map((s) => s.score);
}

const foo = { labels: { foo: "" } };
const TWO_ONE_ZERO_THREE = () => ["p-a1", "p-a2", "p-b1", "p-d1", "p-d2", "p-d3"].map((n) => on(n));
const FOUR_NODES = () => ["node-a", "node-b", "node-c", "node-d"].map(host);
const FOUR_THREE_TWO_ONE = () =>
  ["p-a1", "p-a2", "p-a3", "p-a4", "p-b1", "p-b2", "p-b3", "p-c1", "p-c2", "p-d1"].map((n) =>
    on(n)
  );
const FOUR_TWO_ONE_THREE = () =>
  ["p-a1", "p-a2", "p-a3", "p-a4", "p-b1", "p-b2", "p-x1", "p-y1", "p-y2", "p-y3"].map((n) =>
    on(n)
  );

Deno.test("PodTopologySpread score reproduces scoring_test.go TestPodTopologySpreadScore", async (t) => {
  await t.step("one constraint on node, all 4 nodes are candidates", () => {
    assert.deepEqual(
      scores(
        { ...foo, topologySpreadConstraints: [soft(1, HOST)] },
        TWO_ONE_ZERO_THREE(),
        FOUR_NODES(),
      ),
      [20, 60, 100, 0],
    );
  });
  await t.step("one constraint on node, all 4 nodes are candidates, maxSkew=2", () => {
    assert.deepEqual(
      scores(
        { ...foo, topologySpreadConstraints: [soft(2, HOST)] },
        TWO_ONE_ZERO_THREE(),
        FOUR_NODES(),
      ),
      [33, 66, 100, 16],
    );
  });
  await t.step("one constraint on node, all 4 nodes are candidates, maxSkew=3", () => {
    assert.deepEqual(
      scores(
        { ...foo, topologySpreadConstraints: [soft(3, HOST)] },
        FOUR_THREE_TWO_ONE(),
        FOUR_NODES(),
      ),
      [44, 66, 77, 100],
    );
  });
  await t.step("one constraint on node, 3 out of 4 nodes are candidates", () => {
    const nodes = ["node-a", "node-b", "node-x"].map(host);
    assert.deepEqual(
      scores({ ...foo, topologySpreadConstraints: [soft(1, HOST)] }, FOUR_TWO_ONE_THREE(), nodes, [
        host("node-y"),
      ]),
      [33, 83, 100],
    );
  });
  await t.step(
    "one constraint on node, 3 out of 4 nodes are candidates, one node doesn't match topology key",
    () => {
      const nodeB: Node = { ...makeNode("node-b"), labels: { n: "node-b" } }; // label `n` doesn't match topologyKey
      const nodes = [host("node-a"), nodeB, host("node-x")];
      assert.deepEqual(
        scores(
          { ...foo, topologySpreadConstraints: [soft(1, HOST)] },
          FOUR_TWO_ONE_THREE(),
          nodes,
          [host("node-y")],
        ),
        [16, 0, 100],
      );
    },
  );
  await t.step("one constraint on zone, 3 out of 4 nodes are candidates", () => {
    const nodes = [zoned("node-a", "zone1"), zoned("node-b", "zone1"), zoned("node-x", "zone2")];
    assert.deepEqual(
      scores(
        { ...foo, topologySpreadConstraints: [soft(1, "zone")] },
        FOUR_TWO_ONE_THREE(),
        nodes,
        [zoned("node-y", "zone2")],
      ),
      [75, 75, 100],
    );
  });
  await t.step("two Constraints on zone and node, 2 out of 4 nodes are candidates", () => {
    const existing = ["p-a1", "p-a2", "p-b1", "p-x1", "p-x2", "p-y1", "p-y2", "p-y3", "p-y4"].map((
      n,
    ) => on(n));
    const nodes = [zoned("node-a", "zone1"), zoned("node-x", "zone2")];
    const failed = [zoned("node-b", "zone1"), zoned("node-y", "zone2")];
    assert.deepEqual(
      scores(
        { ...foo, topologySpreadConstraints: [soft(1, "zone"), soft(1, HOST)] },
        existing,
        nodes,
        failed,
      ),
      [100, 63],
    );
  });
  await t.step("two Constraints on zone and node, with different labelSelectors", () => {
    const existing = [on("p-a1"), on("p-b1", ["foo", "bar"]), on("p-y1"), on("p-y2", ["bar"])];
    const nodes = [
      zoned("node-a", "zone1"),
      zoned("node-b", "zone1"),
      zoned("node-x", "zone2"),
      zoned("node-y", "zone2"),
    ];
    const pod = {
      labels: { foo: "", bar: "" },
      topologySpreadConstraints: [soft(1, "zone", "foo"), soft(1, HOST, "bar")],
    };
    assert.deepEqual(scores(pod, existing, nodes), [60, 20, 100, 60]);
  });
});
