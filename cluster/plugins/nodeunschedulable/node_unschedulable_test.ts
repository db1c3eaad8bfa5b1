// Oracle: nodeunschedulable/node_unschedulable.go (reason string, toleration of the
// node.kubernetes.io/unschedulable:NoSchedule taint).
import assert from "node:assert/strict";
import { makeNode, makePod } from "@cluster/api/mod.ts";
import { CycleState, NodeInfo } from "@cluster/framework/mod.ts";
import { newNodeUnschedulable } from "./mod.ts";

Deno.test("NodeUnschedulable refuses cordoned nodes unless the pod tolerates the unschedulable taint", () => {
  const state = new CycleState();
  const cordoned = new NodeInfo(makeNode("n", { unschedulable: true }));
  assert.deepEqual(newNodeUnschedulable().filter(state, makePod("p"), cordoned)?.reasons, [
    "node(s) were unschedulable",
  ]);
  const tolerant = makePod("t", {
    tolerations: [{
      key: "node.kubernetes.io/unschedulable",
      operator: "Exists",
      effect: "NoSchedule",
    }],
  });
  assert.equal(newNodeUnschedulable().filter(state, tolerant, cordoned), null);
  assert.equal(
    newNodeUnschedulable().filter(state, makePod("p"), new NodeInfo(makeNode("m"))),
    null,
  );
});
