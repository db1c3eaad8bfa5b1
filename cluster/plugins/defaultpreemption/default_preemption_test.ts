// Oracle: pkg/scheduler/core/generic_scheduler_test.go (v1.18) TestPickOneNodeForPreemption —
// cases ported with their names; containers small/medium/large/veryLarge request 1/2/3/5 ×
// (100m cpu, 200Mi memory) and every node holds 5 × that (schedutil.DefaultMilliCPURequest,
// DefaultMemoryRequest); priorities neg −100, low 0, mid 100, high 1000, veryHigh 10000.
// Upstream runs selectNodesForPreemption + pickOneNodeForPreemption with the Fit filter; we
// run the whole Scheduler (NodeResourcesFit is the only filter that fails here). Start
// times 2019-01-02 … 2019-01-07 become 2 … 7 (only their order matters).
import assert from "node:assert/strict";
import { makeNode, makePod } from "@cluster/api/mod.ts";
import { Scheduler } from "@cluster/scheduler/mod.ts";
import { REASONS } from "./mod.ts";

const NEG = -100, LOW = 0, MID = 100, HIGH = 1000, VERY_HIGH = 10000;
const size = { small: 1, medium: 2, large: 3, veryLarge: 5 } as const;
type Size = keyof typeof size;
const resources = (s: Size) => ({ cpu: `${100 * size[s]}m`, memory: `${200 * size[s]}Mi` });
const machine = (name: string) => makeNode(name, { cpu: "500m", memory: "1000Mi" });
const running = (name: string, s: Size, priority: number, node: string) =>
  makePod(name, { ...resources(s), priority, nodeName: node, startTime: 0 });

function preempt(
  nodes: string[],
  pod: { size: Size; priority: number },
  pods: ReturnType<typeof running>[],
) {
  const scheduler = new Scheduler(nodes.map(machine), { seed: 1, pods });
  return scheduler.scheduleOne(
    makePod("preemptor", { ...resources(pod.size), priority: pod.priority }),
  );
}

Deno.test("DefaultPreemption picks the node as TestPickOneNodeForPreemption does", async (t) => {
  const m = ["machine1", "machine2", "machine3"];
  await t.step("No node needs preemption", () => {
    // m1.1 is small: the large pod fits beside it, no preemption at all.
    const r = preempt(["machine1"], { size: "large", priority: HIGH }, [
      running("m1.1", "small", MID, "machine1"),
    ]);
    assert.equal(r.node, "machine1");
    assert.equal(r.nominatedNode, undefined);
  });
  await t.step("a pod that fits on both machines when lower priority pods are preempted", () => {
    const r = preempt(["machine1", "machine2"], { size: "large", priority: HIGH }, [
      running("m1.1", "large", MID, "machine1"),
      running("m2.1", "large", MID, "machine2"),
    ]);
    assert.ok(["machine1", "machine2"].includes(r.nominatedNode!));
    assert.equal(r.victims!.length, 1);
  });
  await t.step("machine with min highest priority pod is picked", () => {
    const r = preempt(m, { size: "veryLarge", priority: HIGH }, [
      running("m1.1", "medium", MID, "machine1"),
      running("m1.2", "large", MID, "machine1"),
      running("m2.1", "medium", MID, "machine2"),
      running("m2.2", "medium", LOW, "machine2"),
      running("m3.1", "medium", LOW, "machine3"),
      running("m3.2", "medium", LOW, "machine3"),
    ]);
    assert.equal(r.nominatedNode, "machine3");
  });
  await t.step("when highest priorities are the same, minimum sum of priorities is picked", () => {
    const r = preempt(m, { size: "veryLarge", priority: HIGH }, [
      running("m1.1", "medium", MID, "machine1"),
      running("m1.2", "large", MID, "machine1"),
      running("m2.1", "large", MID, "machine2"),
      running("m2.2", "medium", LOW, "machine2"),
      running("m3.1", "medium", MID, "machine3"),
      running("m3.2", "medium", MID, "machine3"),
    ]);
    assert.equal(r.nominatedNode, "machine2");
  });
  await t.step(
    "when highest priority and sum are the same, minimum number of pods is picked",
    () => {
      const r = preempt(m, { size: "veryLarge", priority: HIGH }, [
        running("m1.1", "small", MID, "machine1"),
        running("m1.2", "small", NEG, "machine1"),
        running("m1.3", "small", MID, "machine1"),
        running("m1.4", "small", NEG, "machine1"),
        running("m2.1", "large", MID, "machine2"),
        running("m2.2", "medium", NEG, "machine2"),
        running("m3.1", "medium", MID, "machine3"),
        running("m3.2", "small", NEG, "machine3"),
        running("m3.3", "small", LOW, "machine3"),
      ]);
      assert.equal(r.nominatedNode, "machine2");
    },
  );
  await t.step("sum of adjusted priorities is considered", () => {
    const r = preempt(m, { size: "veryLarge", priority: HIGH }, [
      running("m1.1", "small", MID, "machine1"),
      running("m1.2", "small", NEG, "machine1"),
      running("m1.3", "small", NEG, "machine1"),
      running("m2.1", "large", MID, "machine2"),
      running("m2.2", "medium", NEG, "machine2"),
      running("m3.1", "medium", MID, "machine3"),
      running("m3.2", "small", NEG, "machine3"),
      running("m3.3", "small", LOW, "machine3"),
    ]);
    assert.equal(r.nominatedNode, "machine2");
  });
  await t.step("non-overlapping lowest high priority, sum priorities, and number of pods", () => {
    const r = preempt([...m, "machine4"], { size: "veryLarge", priority: VERY_HIGH }, [
      running("m1.1", "small", MID, "machine1"),
      running("m1.2", "small", LOW, "machine1"),
      running("m1.3", "small", LOW, "machine1"),
      running("m2.1", "large", HIGH, "machine2"),
      running("m3.1", "medium", MID, "machine3"),
      running("m3.2", "small", LOW, "machine3"),
      running("m3.3", "small", LOW, "machine3"),
      running("m3.4", "medium", LOW, "machine3"),
      running("m4.1", "medium", MID, "machine4"),
      running("m4.2", "small", MID, "machine4"),
      running("m4.3", "small", MID, "machine4"),
      running("m4.4", "small", NEG, "machine4"),
    ]);
    assert.equal(r.nominatedNode, "machine1");
  });
});

Deno.test("DefaultPreemption breaks ties by start time as TestPickOneNodeForPreemption does", async (t) => {
  const m = ["machine1", "machine2", "machine3"];
  const at = (name: string, priority: number, node: string, day: number) =>
    makePod(name, { ...resources("medium"), priority, nodeName: node, startTime: day });
  await t.step("same priority, same number of victims, different start time for all pods", () => {
    const r = preempt(m, { size: "veryLarge", priority: HIGH }, [
      at("m1.1", MID, "machine1", 5),
      at("m1.2", MID, "machine1", 3),
      at("m2.1", MID, "machine2", 6),
      at("m2.2", MID, "machine2", 2),
      at("m3.1", MID, "machine3", 4),
      at("m3.2", MID, "machine3", 7),
    ]);
    assert.equal(r.nominatedNode, "machine3"); // its earliest victim started last (day 4)
  });
  await t.step(
    "different priority, same number of victims, different start time for all pods",
    () => {
      const r = preempt(m, { size: "veryLarge", priority: HIGH }, [
        at("m1.1", LOW, "machine1", 5),
        at("m1.2", MID, "machine1", 3),
        at("m2.1", MID, "machine2", 7),
        at("m2.2", LOW, "machine2", 2),
        at("m3.1", LOW, "machine3", 4),
        at("m3.2", MID, "machine3", 6),
      ]);
      assert.equal(r.nominatedNode, "machine2"); // among the mid victims, day 7 is the latest
    },
  );
});

Deno.test('DefaultPreemption reproduces TestPreempt "basic preemption logic"', () => {
  const r = preempt(["machine1", "machine2", "machine3"], { size: "veryLarge", priority: HIGH }, [
    running("m1.1", "small", LOW, "machine1"),
    running("m1.2", "small", LOW, "machine1"),
    running("m2.1", "large", HIGH, "machine2"),
    running("m3.1", "medium", MID, "machine3"),
  ]);
  assert.equal(r.nominatedNode, "machine1");
  assert.deepEqual([...r.victims!].sort(), ["m1.1", "m1.2"]);
});

Deno.test("DefaultPreemption reprieves the most important pods first and evicts only what is needed", () => {
  // n1 (2 cpu) runs low-0 (1 cpu, priority 0) and low-5 (1 cpu, priority 5): the preemptor needs
  // 1 cpu, so one victim suffices; low-5 is more important and is reprieved.
  const scheduler = new Scheduler([makeNode("n1", { cpu: "2", memory: "4Gi" })], {
    seed: 1,
    pods: [
      makePod("low-0", { cpu: "1", priority: 0, nodeName: "n1" }),
      makePod("low-5", { cpu: "1", priority: 5, nodeName: "n1" }),
    ],
  });
  const r = scheduler.scheduleOne(makePod("vip", { cpu: "1", priority: 100 }));
  assert.deepEqual([r.node, r.nominatedNode, r.victims], [null, "n1", ["low-0"]]);
  assert.deepEqual(scheduler.snapshot.get("n1").pods.map((p) => p.name), ["low-5"]);
  // Next cycle the nominated node is tried first and taken.
  assert.equal(scheduler.scheduleOne(makePod("vip", { cpu: "1", priority: 100 })).node, "n1");
});

Deno.test("DefaultPreemption: Never policy, equal priorities and unresolvable nodes do not preempt", async (t) => {
  const nodes = [
    makeNode("n1", { cpu: "1", memory: "1Gi" }),
    makeNode("tainted", {
      cpu: "1",
      memory: "1Gi",
      taints: [{ key: "gpu", value: "true", effect: "NoSchedule" }],
    }),
  ];
  const pods = [makePod("batch", { cpu: "1", priority: 10, nodeName: "n1" })];
  await t.step("preemptionPolicy: Never", () => {
    const r = new Scheduler(nodes, { seed: 1, pods }).scheduleOne(
      makePod("p", { cpu: "1", priority: 100, preemptionPolicy: "Never" }),
    );
    assert.equal(r.preemptionMessage, REASONS.policyNever);
    assert.equal(r.nominatedNode, undefined);
  });
  await t.step("no lower-priority pod anywhere; the tainted node is not helpful", () => {
    const r = new Scheduler(nodes, { seed: 1, pods }).scheduleOne(
      makePod("p", { cpu: "1", priority: 10 }),
    );
    assert.equal(
      r.preemptionMessage,
      "preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.",
    );
  });
  await t.step("preempt: false turns PostFilter off", () => {
    const r = new Scheduler(nodes, { seed: 1, pods }).scheduleOne(
      makePod("p", { cpu: "1", priority: 100 }),
      { preempt: false },
    );
    assert.equal(r.nominatedNode, undefined);
    assert.equal(r.preemptionMessage, undefined);
  });
});
