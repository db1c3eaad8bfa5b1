// Oracle: noderesources/fit.go fitsRequest — reason strings and order, and the rule that
// the filter uses real requests (no scoring defaults).
import assert from "node:assert/strict";
import { makeNode, makePod } from "@cluster/api/mod.ts";
import { CycleState, NodeInfo } from "@cluster/framework/mod.ts";
import { newFit } from "./mod.ts";

const state = new CycleState();

Deno.test("NodeResourcesFit filter lists every missing resource with upstream's reasons", () => {
  const fit = newFit();
  const full = new NodeInfo(makeNode("n", { cpu: "2", memory: "2Gi", pods: 1 }), [
    makePod("a", { cpu: "1500m", memory: "1Gi" }),
  ]);
  const status = fit.filter(state, makePod("b", { cpu: "1", memory: "2Gi" }), full);
  assert.equal(status?.code, "Unschedulable");
  assert.deepEqual(status?.reasons, ["Too many pods", "Insufficient cpu", "Insufficient memory"]);
  const roomy = new NodeInfo(
    makeNode("m", { cpu: "2", memory: "2Gi", extended: { "nvidia.com/gpu": 1 } }),
  );
  assert.equal(
    fit.filter(state, makePod("c", { cpu: "2", memory: "2Gi" }), roomy),
    null,
    "exactly full fits",
  );
  assert.deepEqual(
    fit.filter(state, makePod("g", { extended: { "nvidia.com/gpu": 2 } }), roomy)?.reasons,
    ["Insufficient nvidia.com/gpu"],
  );
  // A pod without requests still needs a pod slot; the filter uses real requests, not the scoring defaults.
  assert.equal(
    fit.filter(state, makePod("d"), new NodeInfo(makeNode("z", { cpu: "0", memory: "0" }))),
    null,
  );
});

Deno.test("NodeResourcesFit filter counts the largest init container and the overhead", () => {
  const fit = newFit();
  const node = new NodeInfo(makeNode("n", { cpu: "2", memory: "4Gi" }));
  // max(500m, 2500m) = 2500m > 2000m
  assert.deepEqual(
    fit.filter(state, makePod("i", { cpu: "500m", initContainers: [{ cpu: "2500m" }] }), node)
      ?.reasons,
    ["Insufficient cpu"],
  );
  // 1900m + 200m overhead = 2100m > 2000m
  assert.deepEqual(
    fit.filter(state, makePod("o", { cpu: "1900m", overhead: { cpu: "200m" } }), node)?.reasons,
    ["Insufficient cpu"],
  );
  assert.equal(
    fit.filter(state, makePod("ok", { cpu: "1800m", overhead: { cpu: "200m" } }), node),
    null,
  );
});
