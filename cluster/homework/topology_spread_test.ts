import assert from "node:assert/strict";
import { makeNode, makePod } from "@cluster/api/mod.ts";
import { CycleState, Snapshot } from "@cluster/framework/mod.ts";
import { podtopologyspread } from "@cluster/plugins/mod.ts";
import { assign, homeworkOptions } from "@src/exercise/mod.ts";
import { topologySpread, type TopologySpreadProblem } from "./topology_spread.ts";

const ZONE = "topology.kubernetes.io/zone";

function runPlugin(problem: TopologySpreadProblem) {
  const nodes = problem.nodes.map((n) => makeNode(n.name, { labels: { [ZONE]: n.zone } }));
  const pods = problem.nodes.flatMap((n) =>
    Array.from(
      { length: n.webPods },
      (_, i) => makePod(`${n.name}-web-${i}`, { labels: { app: "web" }, nodeName: n.name }),
    )
  );
  const pod = makePod("new", {
    labels: { app: "web" },
    topologySpreadConstraints: [{
      maxSkew: problem.maxSkew,
      topologyKey: ZONE,
      whenUnsatisfiable: "DoNotSchedule",
      labelSelector: { matchLabels: { app: "web" } },
      ...(problem.minDomains === undefined ? {} : { minDomains: problem.minDomains }),
    }],
  });
  const snapshot = new Snapshot(nodes, pods);
  const plugin = podtopologyspread.newPodTopologySpread();
  const state = new CycleState();
  plugin.preFilter(state, pod, { snapshot });
  return snapshot.nodes.filter((n) => plugin.filter(state, pod, n, { snapshot }) === null).map((
    n,
  ) => n.name).sort();
}

Deno.test("topology-spread: solve() agrees with the PodTopologySpread filter over 300 seeds", () => {
  let withMinDomains = 0;
  let noneFit = 0;
  for (let seed = 0; seed < 300; seed++) {
    const problem = topologySpread.generate(seed, homeworkOptions(topologySpread, {}));
    const solution = topologySpread.solve(problem);
    assert.deepEqual(solution.passing, runPlugin(problem), `seed ${seed}`);
    if (problem.minDomains !== undefined) withMinDomains++;
    if (solution.passing.length === 0) noneFit++;
  }
  assert.ok(
    withMinDomains > 30 && noneFit > 0,
    "the generator covers minDomains and a pending pod",
  );
});

Deno.test("topology-spread: a hand-worked problem", () => {
  // zone-a: 3 + 0 = 3, zone-b: 1, zone-c: 2 → min 1. maxSkew 1: a: 3 + 1 − 1 = 3 ✗, b: 1 ✓, c: 2 ✗.
  // Placed on b1: counts 3, 2, 2 → skew 1. With minDomains 4 (> 3 zones) the minimum is 0: b: 2 ✗ → none.
  const problem: TopologySpreadProblem = {
    zones: ["zone-a", "zone-b", "zone-c"],
    nodes: [
      { name: "a1", zone: "zone-a", webPods: 3 },
      { name: "a2", zone: "zone-a", webPods: 0 },
      { name: "b1", zone: "zone-b", webPods: 1 },
      { name: "c1", zone: "zone-c", webPods: 2 },
    ],
    maxSkew: 1,
  };
  const solution = topologySpread.solve(problem);
  assert.deepEqual(solution, {
    counts: { "zone-a": 3, "zone-b": 1, "zone-c": 2 },
    globalMin: 1,
    passing: ["b1"],
    placedOn: "b1",
    skewAfter: 1,
  });
  assert.deepEqual(topologySpread.solve({ ...problem, minDomains: 4 }).passing, []);
});

Deno.test("topology-spread: deterministic, seeds differ, answers only with -c", () => {
  assert.equal(
    assign(topologySpread, { seed: 2 }).text(true),
    assign(topologySpread, { seed: 2 }).text(true),
  );
  assert.equal(
    new Set(Array.from({ length: 10 }, (_, seed) => assign(topologySpread, { seed }).text())).size,
    10,
  );
  assert.doesNotMatch(assign(topologySpread, { seed: 2 }).text(), /global minimum \d/);
  assert.match(assign(topologySpread, { seed: 2 }).text(true), /global minimum \d/);
});
