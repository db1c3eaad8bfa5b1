import assert from "node:assert/strict";
import { makeNode, makePod } from "@cluster/api/mod.ts";
import { Scheduler, utilisation } from "@cluster/scheduler/mod.ts";
import { filterMatrix, scoreRows, showScores, showUtilisation } from "./mod.ts";

function decision() {
  const nodes = [
    makeNode("a", { cpu: "2", memory: "4Gi" }),
    makeNode("b", { cpu: "4", memory: "8Gi" }),
    makeNode("c", { cpu: "4", memory: "8Gi", unschedulable: true }),
  ];
  const scheduler = new Scheduler(nodes, { seed: 1 });
  return {
    scheduler,
    result: scheduler.scheduleOne(makePod("p", { cpu: "1", memory: "1Gi" }), { explain: true }),
  };
}

Deno.test("filterMatrix() has one row per filtered node and a cell per filter plugin", () => {
  const rows = filterMatrix(decision().result);
  assert.deepEqual(rows.map((r) => r.node), ["a", "b", "c"]);
  assert.equal(rows[2].NodeUnschedulable, "✗ node(s) were unschedulable");
  assert.equal(rows[0].PodTopologySpread, "skip");
  assert.equal(rows[1].NodeResourcesFit, "✓");
});

Deno.test("scoreRows() sum to the decision's totals; the charts render with one bar per node and plugin", () => {
  const { scheduler, result } = decision();
  const rows = scoreRows(result);
  for (const { node, total } of result.totals) {
    assert.equal(rows.filter((r) => r.node === node).reduce((a, r) => a + r.weighted, 0), total);
  }
  assert.ok(rows.filter((r) => r.chosen).every((r) => r.node === result.node));
  const svg = showScores(result).svg;
  assert.equal(
    (svg.match(/<rect/g) ?? []).length >= rows.filter((r) => r.weighted > 0).length,
    true,
  );
  assert.match(showUtilisation(utilisation(scheduler)).svg, /requested \(% of allocatable\)/);
});

Deno.test("podStackRows() and showPodStacks(): a preemption shows running, evicted and nominated pods", async () => {
  const { podStackRows, showPodStacks, showQueueTimeline } = await import("./mod.ts");
  const { runSchedulingQueue } = await import("@cluster/scheduler/mod.ts");
  const batch = makePod("batch", { cpu: "2", nodeName: "a" });
  const scheduler = new Scheduler([makeNode("a", { cpu: "2", memory: "4Gi" })], {
    seed: 1,
    pods: [batch],
  });
  const vip = makePod("vip", { cpu: "2", priority: 100 });
  const result = scheduler.scheduleOne(vip);
  const rows = podStackRows(scheduler, {
    evicted: [batch],
    nominated: { pod: vip, node: result.nominatedNode! },
  });
  assert.deepEqual(rows.map((r) => [r.pod, r.state]), [["batch", "evicted"], ["vip", "nominated"]]);
  assert.match(showPodStacks(rows).svg, /vip \(100\)/);
  const timeline = runSchedulingQueue(scheduler, [{ at: 0, kind: "arrive", pod: vip }]);
  assert.match(showQueueTimeline(timeline).svg, /simulated time/);
});
