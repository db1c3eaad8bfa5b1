// Oracle: the upstream test tables of pkg/scheduler/framework/plugins/noderesources/
// (least_allocated_test.go, most_allocated_test.go, balanced_allocation_test.go,
// requested_to_capacity_ratio_test.go), ported case by case with their names, inputs and
// expected scores. Capacities like "4000" are whole CPUs upstream too; only ratios matter.
import assert from "node:assert/strict";
import { CycleState, Snapshot } from "@cluster/framework/mod.ts";
import { newBalancedAllocation } from "./balanced_allocation.ts";
import { newFit } from "./fit.ts";
import { brokenLinearFunction } from "./scorers.ts";
import { scoresOf, upstreamNode as node, upstreamPod as pod } from "./_upstream_test_helpers.ts";

const twoContainers = [{ cpu: "1000", memory: "2000" }, { cpu: "2000", memory: "3000" }];

Deno.test("LeastAllocated reproduces least_allocated_test.go TestLeastAllocatedScoringStrategy", async (t) => {
  const least = (resources?: { name: string; weight: number }[]) =>
    newFit({ scoringStrategy: { type: "LeastAllocated", ...(resources ? { resources } : {}) } });
  await t.step("nothing scheduled, nothing requested", () => {
    const nodes = [
      node("node1", { cpu: "4000", memory: "10000" }),
      node("node2", { cpu: "4000", memory: "10000" }),
    ];
    assert.deepEqual(scoresOf(least(), pod([]), nodes), [100, 100]);
  });
  await t.step("nothing scheduled, resources requested, differently sized nodes", () => {
    const nodes = [
      node("node1", { cpu: "4000", memory: "10000" }),
      node("node2", { cpu: "6000", memory: "10000" }),
    ];
    assert.deepEqual(scoresOf(least(), pod(twoContainers), nodes), [37, 50]);
  });
  await t.step("no resources requested, pods scheduled with resources", () => {
    const nodes = [
      node("node1", { cpu: "10000", memory: "20000" }),
      node("node2", { cpu: "10000", memory: "20000" }),
    ];
    const existing = [
      pod([{ cpu: "3000", memory: "0" }], "node1"),
      pod([{ cpu: "3000", memory: "0" }], "node1"),
      pod([{ cpu: "3000", memory: "0" }], "node2"),
      pod([{ cpu: "3000", memory: "5000" }], "node2"),
    ];
    assert.deepEqual(scoresOf(least(), pod([]), nodes, existing), [70, 57]);
  });
  await t.step(
    "resources requested, pods scheduled with resources, differently sized nodes",
    () => {
      const nodes = [
        node("node1", { cpu: "10000", memory: "20000" }),
        node("node2", { cpu: "10000", memory: "50000" }),
      ];
      const existing = [
        pod([{ cpu: "3000", memory: "0" }], "node1"),
        pod([{ cpu: "3000", memory: "5000" }], "node2"),
      ];
      assert.deepEqual(scoresOf(least(), pod(twoContainers), nodes, existing), [57, 60]);
    },
  );
  await t.step("requested resources exceed node capacity", () => {
    const nodes = [
      node("node1", { cpu: "4000", memory: "10000" }),
      node("node2", { cpu: "4000", memory: "10000" }),
    ];
    const existing = [
      pod([{ cpu: "3000", memory: "0" }], "node1"),
      pod([{ cpu: "3000", memory: "5000" }], "node2"),
    ];
    assert.deepEqual(scoresOf(least(), pod([{ cpu: "3000", memory: "0" }]), nodes, existing), [
      50,
      25,
    ]);
  });
  await t.step("zero node resources, pods scheduled with resources", () => {
    const nodes = [node("node1", {}), node("node2", {})];
    const existing = [
      pod([{ cpu: "3000", memory: "0" }], "node1"),
      pod([{ cpu: "3000", memory: "5000" }], "node2"),
    ];
    assert.deepEqual(scoresOf(least(), pod([]), nodes, existing), [0, 0]);
  });
  await t.step(
    "nothing scheduled, resources requested with different weight on CPU and memory",
    () => {
      const nodes = [
        node("node1", { cpu: "4000", memory: "10000" }),
        node("node2", { cpu: "6000", memory: "10000" }),
      ];
      const weights = [{ name: "memory", weight: 2 }, { name: "cpu", weight: 1 }];
      assert.deepEqual(scoresOf(least(weights), pod(twoContainers), nodes), [41, 50]);
    },
  );
  await t.step("resource with zero / negative / > 100 weight is rejected, naming the field", () => {
    assert.throws(
      () => least([{ name: "memory", weight: -1 }, { name: "cpu", weight: 1 }]),
      /resources\[0\]\.weight/,
    );
    assert.throws(
      () => least([{ name: "memory", weight: 1 }, { name: "cpu", weight: 0 }]),
      /resources\[1\]\.weight/,
    );
    assert.throws(
      () => least([{ name: "memory", weight: 1 }, { name: "cpu", weight: 101 }]),
      /resources\[1\]\.weight/,
    );
  });
  await t.step("bypass extended resource if the pod does not request", () => {
    const nodes = [
      node("node1", { cpu: "6000", memory: "10000" }),
      node("node2", { cpu: "6000", memory: "10000", "intel.com/foo": "4" }),
    ];
    const resources = [{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }, {
      name: "intel.com/foo",
      weight: 1,
    }];
    assert.deepEqual(scoresOf(least(resources), pod(twoContainers), nodes), [50, 50]);
  });
});

Deno.test("MostAllocated reproduces most_allocated_test.go TestMostAllocatedScoringStrategy", async (t) => {
  const most = (resources?: { name: string; weight: number }[]) =>
    newFit({ scoringStrategy: { type: "MostAllocated", ...(resources ? { resources } : {}) } });
  await t.step("nothing scheduled, resources requested, differently sized nodes", () => {
    const nodes = [
      node("node1", { cpu: "4000", memory: "10000" }),
      node("node2", { cpu: "6000", memory: "10000" }),
    ];
    assert.deepEqual(scoresOf(most(), pod(twoContainers), nodes), [62, 50]);
  });
  await t.step("no resources requested, pods scheduled with resources", () => {
    const nodes = [
      node("node1", { cpu: "10000", memory: "20000" }),
      node("node2", { cpu: "10000", memory: "20000" }),
    ];
    const existing = [
      pod([{ cpu: "3000", memory: "0" }], "node1"),
      pod([{ cpu: "3000", memory: "0" }], "node1"),
      pod([{ cpu: "3000", memory: "0" }], "node2"),
      pod([{ cpu: "3000", memory: "5000" }], "node2"),
    ];
    assert.deepEqual(scoresOf(most(), pod([]), nodes, existing), [30, 42]);
  });
  await t.step("resources requested equal node capacity", () => {
    const nodes = [
      node("node1", { cpu: "5000", memory: "10000" }),
      node("node2", { cpu: "10000", memory: "9000" }),
    ];
    const request = pod([{ cpu: "2000", memory: "4000" }, { cpu: "3000", memory: "5000" }]);
    assert.deepEqual(scoresOf(most(), request, nodes), [95, 75]);
  });
  await t.step("no resources requested, pods scheduled, nonzero request for resource", () => {
    // Containers without requests count 100m CPU / 200Mi memory (pod_resources.go).
    const nodes = [
      node("node1", { cpu: "250m", memory: "1000Mi" }),
      node("node2", { cpu: "250m", memory: "1000Mi" }),
    ];
    const existing = [pod([{}], "node1"), pod([{}], "node1")];
    assert.deepEqual(scoresOf(most(), pod([{}]), nodes, existing), [80, 30]);
  });
  await t.step("honor extended resource if the pod request", () => {
    const nodes = [
      node("node1", { cpu: "6000", memory: "10000", "intel.com/foo": "4" }),
      node("node2", { cpu: "6000", memory: "10000", "intel.com/foo": "10" }),
    ];
    const resources = [{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }, {
      name: "intel.com/foo",
      weight: 1,
    }];
    const request = pod([{ cpu: "3000", memory: "5000", "intel.com/foo": "2" }]);
    assert.deepEqual(scoresOf(most(resources), request, nodes), [50, 40]);
  });
  await t.step("if the node doesn't have a resource", () => {
    const nodes = [
      node("node1", { cpu: "6000", memory: "10000" }),
      node("node2", { cpu: "6000", memory: "10000", "intel.com/foo": "4" }),
    ];
    const resources = [{ name: "intel.com/foo", weight: 2 }, { name: "cpu", weight: 1 }, {
      name: "memory",
      weight: 1,
    }];
    assert.deepEqual(scoresOf(most(resources), pod([{ cpu: "3000", memory: "4000" }]), nodes), [
      45,
      45,
    ]);
  });
});

Deno.test("BalancedAllocation reproduces balanced_allocation_test.go TestNodeResourcesBalancedAllocation", async (t) => {
  // cpuOnly: containers {1000m, 0}, {2000m, 0}; cpuAndMemory: {1000m, 2000}, {2000m, 3000}.
  const cpuOnly = [{ cpu: "1000m", memory: "0" }, { cpu: "2000m", memory: "0" }];
  const cpuAndMemory = [{ cpu: "1000m", memory: "2000" }, { cpu: "2000m", memory: "3000" }];
  const balanced = newBalancedAllocation();
  await t.step("nothing scheduled, nothing requested, skip in PreScore", () => {
    const snapshot = new Snapshot([node("node1", { cpu: "4000", memory: "10000" })]);
    assert.equal(
      balanced.preScore(new CycleState(), pod([]), snapshot.nodes, { snapshot })?.code,
      "Skip",
    );
  });
  await t.step("nothing scheduled, resources requested, differently sized nodes", () => {
    const nodes = [
      node("node1", { cpu: "4", memory: "10000" }),
      node("node2", { cpu: "6", memory: "10000" }),
    ];
    assert.deepEqual(scoresOf(balanced, pod(cpuAndMemory), nodes), [87, 100]);
  });
  await t.step("resources requested, pods scheduled with resources", () => {
    const nodes = [
      node("node1", { cpu: "10", memory: "20000" }),
      node("node2", { cpu: "10", memory: "20000" }),
    ];
    const existing = [pod(cpuOnly, "node1"), pod(cpuAndMemory, "node2")];
    assert.deepEqual(scoresOf(balanced, pod(cpuAndMemory), nodes, existing), [82, 95]);
  });
  await t.step(
    "resources requested, pods scheduled with resources, differently sized nodes",
    () => {
      const nodes = [
        node("node1", { cpu: "10", memory: "20000" }),
        node("node2", { cpu: "10", memory: "50000" }),
      ];
      const existing = [pod(cpuOnly, "node1"), pod(cpuAndMemory, "node2")];
      assert.deepEqual(scoresOf(balanced, pod(cpuAndMemory), nodes, existing), [82, 80]);
    },
  );
  await t.step("requested resources at node capacity", () => {
    const nodes = [
      node("node1", { cpu: "6", memory: "10000" }),
      node("node2", { cpu: "6", memory: "10000" }),
    ];
    const existing = [pod(cpuOnly, "node1"), pod(cpuAndMemory, "node2")];
    assert.deepEqual(scoresOf(balanced, pod(cpuOnly), nodes, existing), [50, 75]);
  });
  await t.step("include scalar resource on a node for balanced resource allocation", () => {
    const gpu = { "nvidia.com/gpu": "8" };
    const nodes = [
      node("node1", { cpu: "3500m", memory: "40000", ...gpu }),
      node("node2", { cpu: "3500m", memory: "40000", ...gpu }),
    ];
    const cpuAndMemoryAndGpu: Record<string, string>[] = [{ cpu: "1000m", memory: "2000" }, {
      cpu: "2000m",
      memory: "3000",
      "nvidia.com/gpu": "3",
    }];
    const existing = [pod(cpuAndMemoryAndGpu, "node1"), pod(cpuAndMemory, "node2")];
    const withGpu = newBalancedAllocation({
      resources: [{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }, {
        name: "nvidia.com/gpu",
        weight: 1,
      }],
    });
    assert.deepEqual(
      scoresOf(withGpu, pod([{ memory: "0", "nvidia.com/gpu": "1" }]), nodes, existing),
      [70, 65],
    );
  });
});

Deno.test("RequestedToCapacityRatio reproduces requested_to_capacity_ratio_test.go", async (t) => {
  const shape = [{ utilization: 0, score: 10 }, { utilization: 100, score: 0 }];
  const rtcr = newFit({
    scoringStrategy: { type: "RequestedToCapacityRatio", requestedToCapacityRatio: { shape } },
  });
  await t.step(
    "nothing scheduled, resources requested, differently sized nodes (default - least requested nodes have priority)",
    () => {
      const nodes = [
        node("node1", { cpu: "4000", memory: "10000" }),
        node("node2", { cpu: "6000", memory: "10000" }),
      ];
      assert.deepEqual(
        scoresOf(rtcr, pod(twoContainers), nodes, [pod([], "node1"), pod([], "node1")]),
        [38, 50],
      );
    },
  );
  await t.step(
    "no resources requested, pods scheduled with resources (default - least requested nodes have priority)",
    () => {
      const nodes = [
        node("node1", { cpu: "4000", memory: "10000" }),
        node("node2", { cpu: "6000", memory: "10000" }),
      ];
      const existing = [
        pod([{ cpu: "3000", memory: "5000" }], "node1"),
        pod([{ cpu: "3000", memory: "5000" }], "node2"),
      ];
      assert.deepEqual(scoresOf(rtcr, pod([]), nodes, existing), [38, 50]);
    },
  );
  await t.step(
    "TestResourceBinPackingSingleExtended: resources requested, pods scheduled with resources, on node with existing pod running",
    () => {
      const pack = newFit({
        scoringStrategy: {
          type: "RequestedToCapacityRatio",
          resources: [{ name: "intel.com/foo", weight: 1 }],
          requestedToCapacityRatio: {
            shape: [{ utilization: 0, score: 0 }, { utilization: 100, score: 1 }],
          },
        },
      });
      const nodes = [
        node("node1", { cpu: "4000", memory: String(10000 * 1024 * 1024), "intel.com/foo": "8" }),
        node("node2", { cpu: "4000", memory: String(10000 * 1024 * 1024), "intel.com/foo": "4" }),
      ];
      const existing = [pod([{ "intel.com/foo": "2" }], "node2")];
      assert.deepEqual(scoresOf(pack, pod([{ "intel.com/foo": "2" }]), nodes, existing), [2, 10]);
      assert.deepEqual(scoresOf(pack, pod([]), nodes), [0, 0]); // nothing scheduled, nothing requested
    },
  );
  await t.step("TestBrokenLinearFunction, all three tables", () => {
    const cases: [{ utilization: number; score: number }[], [number, number][]][] = [
      [[{ utilization: 10, score: 1 }, { utilization: 90, score: 9 }], [
        [-10, 1],
        [0, 1],
        [9, 1],
        [10, 1],
        [15, 1],
        [19, 1],
        [20, 2],
        [89, 8],
        [90, 9],
        [99, 9],
        [100, 9],
        [110, 9],
      ]],
      [[{ utilization: 0, score: 2 }, { utilization: 40, score: 10 }, {
        utilization: 100,
        score: 0,
      }], [[-10, 2], [0, 2], [20, 6], [30, 8], [40, 10], [70, 5], [100, 0], [110, 0]]],
      [[{ utilization: 0, score: 2 }, { utilization: 40, score: 2 }, {
        utilization: 100,
        score: 2,
      }], [[-10, 2], [0, 2], [20, 2], [30, 2], [40, 2], [70, 2], [100, 2], [110, 2]]],
    ];
    for (const [points, assertions] of cases) {
      const f = brokenLinearFunction(points);
      for (const [p, expected] of assertions) assert.equal(f(p), expected, `p=${p}`);
    }
  });
  await t.step("a missing shape is a TypeError naming the field", () => {
    assert.throws(
      () => newFit({ scoringStrategy: { type: "RequestedToCapacityRatio" } }),
      /requestedToCapacityRatio\.shape/,
    );
  });
});
