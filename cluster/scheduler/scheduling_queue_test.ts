// Oracle: scheduling_queue.go calculateBackoffDuration with the defaults 1 s / 10 s — the
// gaps between a pod's attempts, when cluster events keep moving it, are 1, 2, 4, 8, 10, 10 s
// (computed by hand: 1 s doubled each failure, capped at 10 s).
import assert from "node:assert/strict";
import { makeNode, makePod } from "@cluster/api/mod.ts";
import { Scheduler } from "./schedule_one.ts";
import { type QueueInput, runSchedulingQueue } from "./scheduling_queue.ts";

Deno.test("runSchedulingQueue(): a pod that never fits is retried with doubling backoff up to 10 s", () => {
  const scheduler = new Scheduler([makeNode("n1", { cpu: "1", memory: "1Gi" })], { seed: 1 });
  const inputs: QueueInput[] = [{ at: 0, kind: "arrive", pod: makePod("huge", { cpu: "8" }) }];
  // An unrelated pod deletion every 100 ms: a cluster event that moves unschedulable pods.
  for (let t = 1e8; t <= 40e9; t += 1e8) inputs.push({ at: t, kind: "deletePod", name: "ghost" });
  const attempts = runSchedulingQueue(scheduler, inputs, { until: 40e9 })
    .filter((r) => r.event === "attempt").map((r) => r.t);
  const gaps = attempts.slice(1).map((t, i) => (t - attempts[i]) / 1e9);
  assert.deepEqual(gaps.slice(0, 6), [1, 2, 4, 8, 10, 10]);
});

Deno.test("runSchedulingQueue(): without cluster events an unschedulable pod waits 5 min", () => {
  const scheduler = new Scheduler([makeNode("n1", { cpu: "1", memory: "1Gi" })], { seed: 1 });
  const rows = runSchedulingQueue(scheduler, [{
    at: 0,
    kind: "arrive",
    pod: makePod("huge", { cpu: "8" }),
  }], {
    until: 400e9,
  });
  assert.deepEqual(rows.filter((r) => r.event === "attempt").map((r) => r.t / 1e9), [0, 300]);
});

Deno.test("runSchedulingQueue(): activeQ is PrioritySort order; a high-priority pod preempts and binds after its backoff", () => {
  const scheduler = new Scheduler([makeNode("n1", { cpu: "2", memory: "4Gi" })], { seed: 1 });
  const low = [0, 1].map((i) => makePod(`low-${i}`, { cpu: "1", priority: 0 }));
  const rows = runSchedulingQueue(scheduler, [
    { at: 0, kind: "arrive", pod: low[0] },
    { at: 0, kind: "arrive", pod: makePod("mid", { cpu: "1", priority: 5 }) },
    { at: 0, kind: "arrive", pod: low[1] },
    { at: 5e9, kind: "arrive", pod: makePod("vip", { cpu: "1", priority: 1000 }) },
  ], { until: 20e9 });
  const bound = rows.filter((r) => r.event === "bound").map((r) => `${r.pod}@${r.t / 1e9}`);
  // mid first (priority), then low-0 (earlier arrival); low-1 does not fit. vip evicts the
  // least important pod (low-0) at 5 s and binds on its nominated node 1 s later.
  assert.deepEqual(bound, ["mid@0", "low-0@0.01", "vip@6"]);
  assert.deepEqual(rows.filter((r) => r.event === "evicted").map((r) => r.pod), ["low-0"]);
  assert.ok(rows.some((r) => r.event === "arrive" && r.pod === "low-0" && r.t === 5e9)); // recreated
});
