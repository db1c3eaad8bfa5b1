import assert from "node:assert/strict";
import { makeNode, makePod } from "@cluster/api/mod.ts";
import { CycleState, Snapshot } from "@cluster/framework/mod.ts";
import { noderesources } from "@cluster/plugins/mod.ts";
import { Scheduler } from "@cluster/scheduler/mod.ts";
import { assign, homeworkOptions } from "@src/exercise/mod.ts";
import { schedulerScores, type SchedulerScoresProblem } from "./scheduler_scores.ts";

function cluster(problem: SchedulerScoresProblem) {
  const nodes = problem.nodes.map((n) => makeNode(n.name, { cpu: `${n.cpu}m`, memory: n.memory }));
  const pods = problem.nodes.map((n) =>
    makePod(`old-${n.name}`, { cpu: `${n.usedCpu}m`, memory: n.usedMemory, nodeName: n.name })
  );
  const pod = makePod("new", { cpu: `${problem.pod.cpu}m`, memory: problem.pod.memory });
  return { nodes, pods, pod };
}

Deno.test("scheduler-scores: solve() matches the real plugins and the scheduler over 200 seeds", () => {
  for (let seed = 0; seed < 200; seed++) {
    const problem = schedulerScores.generate(seed, homeworkOptions(schedulerScores, {}));
    const solution = schedulerScores.solve(problem);
    const { nodes, pods, pod } = cluster(problem);
    const snapshot = new Snapshot(nodes, pods);
    const handle = { snapshot };
    const fit = noderesources.newFit();
    const balanced = noderesources.newBalancedAllocation();
    const state = new CycleState();
    fit.preScore(state, pod, snapshot.nodes, handle);
    balanced.preScore(state, pod, snapshot.nodes, handle);
    snapshot.nodes.forEach((info, i) => {
      assert.equal(
        fit.score(state, pod, info),
        solution.rows[i].least,
        `seed ${seed} ${info.name} least`,
      );
      assert.equal(
        balanced.score(state, pod, info),
        solution.rows[i].balanced,
        `seed ${seed} ${info.name} balanced`,
      );
    });
    // The whole default profile picks one of the winners (other plugins add the same to all).
    const result = new Scheduler(nodes, { seed, pods }).scheduleOne(pod);
    assert.ok(
      solution.winners.includes(result.node!),
      `seed ${seed}: scheduler chose ${result.node}, key ${solution.winners}`,
    );
    const totals = new Map(result.totals.map((t) => [t.node, t.total]));
    const [first] = solution.rows;
    for (const row of solution.rows) {
      assert.equal(
        totals.get(row.name)! - totals.get(first.name)!,
        row.total - first.total,
        `seed ${seed}`,
      );
    }
  }
});

Deno.test("scheduler-scores: a hand-worked problem", () => {
  // node-1: 4 cores, 8Gi, 1000m + 2Gi used; pod 1000m, 2Gi → cpu 2000/4000, memory 4/8.
  //   Least cpu (4000 − 2000)·100/4000 = 50, memory 50 → 50; Balanced: |0.5 − 0.5| → 100. Total 150.
  // node-2: 2 cores, 16Gi, nothing used → cpu 1000/2000 = 0.5, memory 2/16 = 0.125.
  //   Least cpu 50, memory (16 − 2)·100/16 = 87 → (50 + 87)/2 = 68; Balanced ⌊(1 − 0.1875)·100⌋ = 81. Total 149.
  const GI = 2 ** 30;
  const solution = schedulerScores.solve({
    pod: { cpu: 1000, memory: 2 * GI },
    nodes: [
      { name: "node-1", cpu: 4000, memory: 8 * GI, usedCpu: 1000, usedMemory: 2 * GI },
      { name: "node-2", cpu: 2000, memory: 16 * GI, usedCpu: 0, usedMemory: 0 },
    ],
  });
  assert.deepEqual(solution.rows.map((r) => [r.least, r.balanced, r.total]), [[50, 100, 150], [
    68,
    81,
    149,
  ]]);
  assert.deepEqual(solution.winners, ["node-1"]);
});

Deno.test("scheduler-scores: deterministic, seeds differ, answers only with -c, options checked", () => {
  assert.equal(
    assign(schedulerScores, { seed: 4 }).text(true),
    assign(schedulerScores, { seed: 4 }).text(true),
  );
  assert.equal(
    new Set(Array.from({ length: 10 }, (_, seed) => assign(schedulerScores, { seed }).text())).size,
    10,
  );
  const sheet = assign(schedulerScores, { seed: 4 });
  assert.doesNotMatch(sheet.text(), /Winner|Tie:/);
  assert.match(sheet.text(true), /Winner|Tie:/);
  assert.throws(() => homeworkOptions(schedulerScores, { nodes: 9 }));
  assert.equal(
    schedulerScores.generate(1, homeworkOptions(schedulerScores, { nodes: 6 })).nodes.length,
    6,
  );
});
