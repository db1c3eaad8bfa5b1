// Oracle: nodeports/node_ports.go and HostPortInfo.CheckConflict (same protocol and port;
// host IPs equal or either 0.0.0.0).
import assert from "node:assert/strict";
import { makeNode, makePod, type Pod } from "@cluster/api/mod.ts";
import { CycleState, NodeInfo } from "@cluster/framework/mod.ts";
import { newNodePorts, REASONS } from "./mod.ts";

const withPort = (
  name: string,
  hostPort: number,
  protocol: "TCP" | "UDP" = "TCP",
  hostIP = "",
): Pod => {
  const pod = makePod(name);
  return {
    ...pod,
    containers: [{
      ...pod.containers[0],
      ports: [{ containerPort: hostPort, hostPort, protocol, hostIP }],
    }],
  };
};

Deno.test("NodePorts refuses a host port already taken, by protocol and host IP", () => {
  const state = new CycleState();
  const ports = newNodePorts();
  const busy = new NodeInfo(makeNode("b"), [
    withPort("web", 80),
    withPort("dns", 53, "UDP", "10.0.0.1"),
  ]);
  assert.deepEqual(ports.filter(state, withPort("p", 80), busy)?.reasons, [REASONS.conflict]);
  assert.equal(ports.filter(state, withPort("q", 8080), busy), null);
  assert.equal(ports.filter(state, withPort("tcp53", 53, "TCP"), busy), null, "another protocol");
  assert.equal(
    ports.filter(state, withPort("other-ip", 53, "UDP", "10.0.0.2"), busy),
    null,
    "another host IP",
  );
  assert.equal(
    ports.filter(state, withPort("any-ip", 53, "UDP"), busy)?.code,
    "Unschedulable",
    "0.0.0.0 overlaps every IP",
  );
});
