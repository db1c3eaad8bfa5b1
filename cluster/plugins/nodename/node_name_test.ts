// Oracle: nodename/node_name.go (reason string, code UnschedulableAndUnresolvable).
import assert from "node:assert/strict";
import { makeNode, makePod } from "@cluster/api/mod.ts";
import { CycleState, NodeInfo } from "@cluster/framework/mod.ts";
import { newNodeName } from "./mod.ts";

Deno.test("NodeName passes only the node the pod names (or any node if it names none)", () => {
  const state = new CycleState();
  const node = new NodeInfo(makeNode("n"));
  assert.equal(newNodeName().filter(state, makePod("p", { nodeName: "n" }), node), null);
  assert.equal(newNodeName().filter(state, makePod("p"), node), null);
  const status = newNodeName().filter(state, makePod("p", { nodeName: "m" }), node);
  assert.deepEqual([status?.code, status?.reasons[0]], [
    "UnschedulableAndUnresolvable",
    "node(s) didn't match the requested node name",
  ]);
});
