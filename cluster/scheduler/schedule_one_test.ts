import assert from "node:assert/strict";
import { makeNode, makePod } from "@cluster/api/mod.ts";
import { DEFAULT_PROFILE, withPlugins } from "@cluster/framework/mod.ts";
import { IN_TREE_REGISTRY } from "@cluster/plugins/mod.ts";
import { Random } from "@src/sim/mod.ts";
import {
  fitErrorMessage,
  numFeasibleNodesToFind,
  scheduleAll,
  Scheduler,
  selectHost,
  utilisation,
} from "./mod.ts";

Deno.test("numFeasibleNodesToFind() reproduces schedule_one_test.go TestNumFeasibleNodesToFind", () => {
  const table: [string, number, number, number][] = [
    ["not set percentageOfNodesToScore and nodes number not more than 50", 0, 10, 10],
    ["set percentageOfNodesToScore and nodes number not more than 50", 40, 10, 10],
    ["not set percentageOfNodesToScore and nodes number more than 50", 0, 1000, 420],
    ["set percentageOfNodesToScore and nodes number more than 50", 40, 1000, 400],
    ["not set percentageOfNodesToScore and nodes number more than 50*125", 0, 6000, 300],
    ["set percentageOfNodesToScore and nodes number more than 50*125", 40, 6000, 2400],
  ];
  for (const [name, percentage, all, want] of table) {
    assert.equal(numFeasibleNodesToFind(percentage, all), want, name);
  }
});

Deno.test("fitErrorMessage() counts reasons per node and sorts them like Go's sort.Strings", () => {
  const s = (code: "Unschedulable" | "UnschedulableAndUnresolvable", ...reasons: string[]) => ({
    code,
    reasons,
  });
  // Node 1 lacks cpu and memory: both reasons count. "10 …" sorts before "2 …" byte-wise.
  const statuses = [
    s("Unschedulable", "Insufficient cpu", "Insufficient memory"),
    ...Array(9).fill(s("Unschedulable", "Insufficient cpu")),
    s("UnschedulableAndUnresolvable", "node(s) didn't match Pod's node affinity/selector"),
    s("UnschedulableAndUnresolvable", "node(s) didn't match Pod's node affinity/selector"),
  ];
  assert.equal(
    fitErrorMessage(12, statuses),
    "0/12 nodes are available: 1 Insufficient memory, 10 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector.",
  );
  assert.equal(
    fitErrorMessage(3, [], s("Unschedulable", "pod has unbound PVC")),
    "0/3 nodes are available: pod has unbound PVC.",
  );
});

function fiveNodes() {
  const taint = [{ key: "gpu", value: "true", effect: "NoSchedule" as const }];
  return [
    makeNode("n1", { cpu: "2", memory: "8Gi" }),
    makeNode("n2", { cpu: "2", memory: "8Gi" }),
    makeNode("n3", { cpu: "2", memory: "8Gi" }),
    makeNode("gpu1", { cpu: "16", memory: "64Gi", taints: taint }),
    makeNode("gpu2", { cpu: "16", memory: "64Gi", taints: taint }),
  ];
}

Deno.test("scheduleOne(): an unschedulable pod gets upstream's aggregated message", () => {
  const scheduler = new Scheduler(fiveNodes(), { seed: 1 });
  const result = scheduler.scheduleOne(makePod("big", { cpu: "4" }));
  assert.equal(result.node, null);
  assert.equal(
    result.message,
    "0/5 nodes are available: 2 node(s) had untolerated taint {gpu: true}, 3 Insufficient cpu.",
  );
  assert.equal(result.evaluatedNodes, 5);
});

Deno.test("scheduleOne(): filter, score, weight and sum — the explanation adds up to the totals", () => {
  const nodes = [
    makeNode("busy", { cpu: "4", memory: "8Gi" }),
    makeNode("idle", { cpu: "4", memory: "8Gi" }),
    makeNode("tainted", {
      cpu: "4",
      memory: "8Gi",
      taints: [{ key: "spot", value: "", effect: "PreferNoSchedule" }],
    }),
  ];
  const scheduler = new Scheduler(nodes, {
    seed: 3,
    pods: [makePod("x", { cpu: "3", memory: "1Gi", nodeName: "busy" })],
  });
  const result = scheduler.scheduleOne(makePod("web", { cpu: "1", memory: "2Gi" }), {
    explain: true,
  });
  // LeastAllocated, worked by hand (least_allocated.go):
  //   idle: cpu (4000 − 1000)·100/4000 = 75, memory (8Gi − 2Gi)·100/8Gi = 75 → 75
  //   busy: cpu (4000 − 4000)·100/4000 = 0, memory (8Gi − 3Gi)·100/8Gi = 62 → (0 + 62)/2 = 31
  // TaintToleration: tainted has 1 untolerated PreferNoSchedule taint → reversed: 0, others 100 (× 3).
  assert.equal(result.node, "idle");
  for (const { node, total } of result.totals) {
    const sum = result.explanation.filter((r) => r.node === node && r.stage === "score").reduce(
      (a, r) => a + r.weighted!,
      0,
    );
    assert.equal(sum, total, node);
  }
  const row = (node: string, plugin: string) =>
    result.explanation.find((r) => r.node === node && r.plugin === plugin && r.stage === "score")!;
  assert.deepEqual([row("idle", "NodeResourcesFit").raw, row("busy", "NodeResourcesFit").raw], [
    75,
    31,
  ]);
  assert.deepEqual([
    row("tainted", "TaintToleration").raw,
    row("tainted", "TaintToleration").normalized,
  ], [1, 0]);
  assert.equal(row("idle", "TaintToleration").weighted, 300);
  // Every filter plugin is listed for every node when explaining.
  // 8 filter plugins since InterPodAffinity joined the default profile (listed as Skip).
  assert.equal(result.explanation.filter((r) => r.stage === "filter").length, 3 * 8);
});

Deno.test("scheduleOne(): a big cluster is sampled and the start index moves round robin", () => {
  // 200 nodes: 50 − 200/125 = 49 % → 98 < 100 → 100 nodes filtered per cycle.
  const nodes = Array.from(
    { length: 200 },
    (_, i) => makeNode(`n${String(i).padStart(3, "0")}`, { cpu: "4", memory: "8Gi" }),
  );
  const scheduler = new Scheduler(nodes, { seed: 1 });
  const first = scheduler.scheduleOne(makePod("a", { cpu: "1" }), { explain: true });
  assert.equal(first.evaluatedNodes, 100);
  assert.equal(first.feasibleNodes, 100);
  const firstFiltered = new Set(
    first.explanation.filter((r) => r.stage === "filter").map((r) => r.node),
  );
  assert.ok(firstFiltered.has("n000") && firstFiltered.has("n099") && !firstFiltered.has("n100"));
  assert.ok(Number(first.node!.slice(1)) < 100);
  const second = scheduler.scheduleOne(makePod("b", { cpu: "1" }), { explain: true });
  const secondFiltered = new Set(
    second.explanation.filter((r) => r.stage === "filter").map((r) => r.node),
  );
  assert.ok(
    secondFiltered.has("n100") && secondFiltered.has("n199") && !secondFiltered.has("n000"),
  );
});

Deno.test("selectHost() breaks ties uniformly (reservoir sampling) and deterministically per seed", () => {
  const totals = [{ node: "a", total: 5 }, { node: "b", total: 9 }, { node: "c", total: 9 }, {
    node: "d",
    total: 9,
  }];
  const random = new Random(42);
  const counts = new Map<string, number>();
  for (let i = 0; i < 3000; i++) {
    const chosen = selectHost(totals, random);
    counts.set(chosen, (counts.get(chosen) ?? 0) + 1);
  }
  assert.equal(counts.get("a"), undefined);
  for (const node of ["b", "c", "d"]) {
    assert.ok(Math.abs(counts.get(node)! - 1000) < 100, `${node}: ${counts.get(node)}`);
  }
  const pick = (seed: number) =>
    Array.from({ length: 20 }, () => selectHost(totals, new Random(seed)));
  assert.deepEqual(pick(7), pick(7));
});

Deno.test("scheduleAll(): priority order, same seed → same placements; LeastAllocated spreads, MostAllocated packs", () => {
  const nodes = Array.from(
    { length: 4 },
    (_, i) => makeNode(`n${i}`, { cpu: "8", memory: "16Gi" }),
  );
  const pods = Array.from(
    { length: 12 },
    (_, i) => makePod(`p${i}`, { cpu: "1", memory: "1Gi", priority: i === 11 ? 100 : 0 }),
  );
  const spread = new Scheduler(nodes, { seed: 5 });
  const rows = scheduleAll(spread, pods);
  assert.equal(rows[0].pod, "p11"); // highest priority first
  assert.deepEqual(
    rows.map((r) => r.node),
    scheduleAll(new Scheduler(nodes, { seed: 5 }), pods).map((r) => r.node),
  );
  const perNode = (s: Scheduler) => utilisation(s, ["cpu"]).map((r) => r.pods);
  assert.deepEqual(perNode(spread), [3, 3, 3, 3]);
  const pack = new Scheduler(nodes, {
    seed: 5,
    profile: withPlugins(DEFAULT_PROFILE, {
      pluginConfig: { NodeResourcesFit: { scoringStrategy: { type: "MostAllocated" } } },
      disable: ["NodeResourcesBalancedAllocation"],
    }),
  });
  scheduleAll(pack, pods);
  assert.deepEqual(perNode(pack).toSorted(), [0, 0, 4, 8]); // fill one node, then the next
});

Deno.test("Scheduler options are validated with helpful messages", () => {
  assert.throws(() => new Scheduler([], {} as never), /seed/);
  assert.throws(
    () =>
      new Scheduler([], {
        seed: 1,
        profile: withPlugins(DEFAULT_PROFILE, { enable: [{ name: "Nope", weight: 1 }] }),
      }),
    /no plugin named "Nope"/,
  );
  assert.throws(
    () => new Scheduler([makeNode("a"), makeNode("a")], { seed: 1 }),
    /two nodes are named "a"/,
  );
});

Deno.test("scheduleOne(): Reserve and Bind plugins run on the chosen node; a rejection leaves the pod unbound", () => {
  const calls: string[] = [];
  const registry = {
    Recorder: () => ({
      name: "Recorder",
      reserve: (
        _s: unknown,
        pod: { name: string },
        node: string,
      ) => (calls.push(`reserve ${pod.name} ${node}`), null),
      bind: (_s: unknown, pod: { name: string }, node: string) =>
        pod.name === "veto"
          ? { code: "Error" as const, reasons: ["API server said no"] }
          : (calls.push(`bind ${pod.name} ${node}`), null),
    }),
  };
  const profile = withPlugins(DEFAULT_PROFILE, { enable: [{ name: "Recorder", weight: 0 }] });
  const scheduler = new Scheduler([makeNode("n1", { cpu: "2", memory: "2Gi" })], {
    seed: 1,
    profile,
    registry: { ...IN_TREE_REGISTRY, ...registry },
  });
  assert.equal(scheduler.scheduleOne(makePod("ok", { cpu: "1" })).node, "n1");
  assert.deepEqual(calls, ["reserve ok n1", "bind ok n1"]);
  const vetoed = scheduler.scheduleOne(makePod("veto", { cpu: "1" }));
  assert.equal(vetoed.node, null);
  assert.equal(vetoed.message, "binding rejected: Recorder: API server said no");
  assert.equal(scheduler.snapshot.get("n1").pods.length, 1);
});
