// Oracle: pkg/scheduler/framework/plugins/tainttoleration/taint_toleration_test.go —
// TestTaintTolerationScore and TestTaintTolerationFilter cases ported with their names
// (the Gt/Lt cases need a feature gate this model does not have). Upstream's newest
// reason text is "node(s) had untolerated taint(s)"; this model keeps the longer
// "{key: value}" form that releases up to 1.34 print.
import assert from "node:assert/strict";
import { makeNode, makePod, type Taint, type Toleration } from "@cluster/api/mod.ts";
import { CycleState, Snapshot } from "@cluster/framework/mod.ts";
import { newTaintToleration } from "./mod.ts";

const podWithTolerations = (tolerations: Partial<Toleration>[]) => makePod("pod1", { tolerations });
const nodeWithTaints = (name: string, taints: Taint[]) => makeNode(name, { taints });
const P = "PreferNoSchedule" as const;
const N = "NoSchedule" as const;

function normalizedScores(pod: ReturnType<typeof makePod>, nodes: ReturnType<typeof makeNode>[]) {
  const plugin = newTaintToleration();
  const snapshot = new Snapshot(nodes);
  const state = new CycleState();
  const list = snapshot.nodes.map((n) => ({ name: n.name, score: plugin.score(state, pod, n) }));
  plugin.normalizeScore(state, pod, list);
  return list.map((s) => s.score);
}

Deno.test("TaintToleration score reproduces TestTaintTolerationScore", async (t) => {
  await t.step(
    "node with taints tolerated by the pod, gets a higher score than those node with intolerable taints",
    () => {
      const pod = podWithTolerations([{ key: "foo", operator: "Equal", value: "bar", effect: P }]);
      const nodes = [
        nodeWithTaints("nodeA", [{ key: "foo", value: "bar", effect: P }]),
        nodeWithTaints("nodeB", [{ key: "foo", value: "blah", effect: P }]),
      ];
      assert.deepEqual(normalizedScores(pod, nodes), [100, 0]);
    },
  );
  const cpu = { key: "cpu-type", value: "arm64", effect: P };
  const disk = { key: "disk-type", value: "ssd", effect: P };
  await t.step(
    "the nodes that all of their taints are tolerated by the pod, get the same score, no matter how many tolerable taints a node has",
    () => {
      const pod = podWithTolerations([{
        key: "cpu-type",
        operator: "Equal",
        value: "arm64",
        effect: P,
      }, { key: "disk-type", operator: "Equal", value: "ssd", effect: P }]);
      const nodes = [
        nodeWithTaints("nodeA", []),
        nodeWithTaints("nodeB", [cpu]),
        nodeWithTaints("nodeC", [cpu, disk]),
      ];
      assert.deepEqual(normalizedScores(pod, nodes), [100, 100, 100]);
    },
  );
  await t.step("the more intolerable taints a node has, the lower score it gets.", () => {
    const pod = podWithTolerations([{ key: "foo", operator: "Equal", value: "bar", effect: P }]);
    const nodes = [
      nodeWithTaints("nodeA", []),
      nodeWithTaints("nodeB", [cpu]),
      nodeWithTaints("nodeC", [cpu, disk]),
    ];
    assert.deepEqual(normalizedScores(pod, nodes), [100, 50, 0]);
  });
  await t.step(
    "only taints and tolerations that have effect PreferNoSchedule are checked by taints-tolerations priority function",
    () => {
      const pod = podWithTolerations([{
        key: "cpu-type",
        operator: "Equal",
        value: "arm64",
        effect: N,
      }, { key: "disk-type", operator: "Equal", value: "ssd", effect: N }]);
      const nodes = [
        nodeWithTaints("nodeA", []),
        nodeWithTaints("nodeB", [{ ...cpu, effect: N }]),
        nodeWithTaints("nodeC", [cpu, disk]),
      ];
      assert.deepEqual(normalizedScores(pod, nodes), [100, 100, 0]);
    },
  );
  await t.step("Default behaviour No taints and tolerations, lands on node with no taints", () => {
    assert.deepEqual(
      normalizedScores(podWithTolerations([]), [
        nodeWithTaints("nodeA", []),
        nodeWithTaints("nodeB", [cpu]),
      ]),
      [100, 0],
    );
  });
});

Deno.test("TaintToleration filter reproduces TestTaintTolerationFilter", async (t) => {
  const filter = (tolerations: Partial<Toleration>[], taints: Taint[]) => {
    const snapshot = new Snapshot([nodeWithTaints("nodeA", taints)]);
    return newTaintToleration().filter(
      new CycleState(),
      podWithTolerations(tolerations),
      snapshot.nodes[0],
    );
  };
  const user1 = { key: "dedicated", value: "user1", effect: N };
  await t.step(
    "A pod having no tolerations can't be scheduled onto a node with nonempty taints",
    () => {
      const status = filter([], [user1]);
      assert.equal(status?.code, "UnschedulableAndUnresolvable");
      assert.deepEqual(status?.reasons, ["node(s) had untolerated taint {dedicated: user1}"]);
    },
  );
  await t.step(
    "A pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule",
    () => {
      assert.equal(filter([{ key: "dedicated", value: "user1", effect: N }], [user1]), null);
    },
  );
  await t.step(
    "A pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule",
    () => {
      assert.equal(
        filter([{ key: "dedicated", operator: "Equal", value: "user2", effect: N }], [user1])?.code,
        "UnschedulableAndUnresolvable",
      );
    },
  );
  await t.step(
    "A pod can be scheduled onto the node, with a toleration uses operator Exists that tolerates the taints on the node",
    () => {
      assert.equal(
        filter([{ key: "foo", operator: "Exists", effect: N }], [{
          key: "foo",
          value: "bar",
          effect: N,
        }]),
        null,
      );
    },
  );
  await t.step(
    "A pod has multiple tolerations, node has multiple taints, all the taints are tolerated, pod can be scheduled onto the node",
    () => {
      const tolerations = [{
        key: "dedicated",
        operator: "Equal" as const,
        value: "user2",
        effect: N,
      }, { key: "foo", operator: "Exists" as const, effect: N }];
      assert.equal(
        filter(tolerations, [{ key: "dedicated", value: "user2", effect: N }, {
          key: "foo",
          value: "bar",
          effect: N,
        }]),
        null,
      );
    },
  );
  await t.step(
    "A pod has a toleration that keys and values match the taint on the node, but (non-empty) effect doesn't match, can't be scheduled onto the node",
    () => {
      assert.equal(
        filter([{ key: "foo", operator: "Equal", value: "bar", effect: P }], [{
          key: "foo",
          value: "bar",
          effect: N,
        }])?.code,
        "UnschedulableAndUnresolvable",
      );
    },
  );
  await t.step(
    "The pod has a toleration that keys and values match the taint on the node, the effect of toleration is empty, and the effect of taint is NoSchedule. Pod can be scheduled onto the node",
    () => {
      assert.equal(
        filter([{ key: "foo", operator: "Equal", value: "bar" }], [{
          key: "foo",
          value: "bar",
          effect: N,
        }]),
        null,
      );
    },
  );
  await t.step(
    "The pod has no toleration, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node",
    () => {
      assert.equal(filter([], [{ key: "dedicated", value: "user1", effect: P }]), null);
    },
  );
});
