// Benchmarks for chapter 4: `deno bench cluster/scheduler/scheduler_bench.ts`, or
// `deno run -A cluster/scheduler/scheduler_bench.ts` for pods/s figures.
//
// Orientation: test/integration/scheduler_perf config/performance-config.yaml,
// SchedulingBasic — nodes from templates/node-default.yaml (4 CPU, 32Gi, 110 pods), pods
// from templates/pod-default.yaml (100m CPU, 500Mi). 500Nodes: 500 init pods then 1000
// measured; 5000Nodes: 1000 init pods then 1000 measured. Default profile (all modelled
// plugins). Throughput = measured pods ÷ time per iteration (the init pods are scheduled
// in every iteration too, so the figure is a lower bound).
import { makeNode, makePod, type Node, type Pod } from "@cluster/api/mod.ts";
import { scheduleAll, Scheduler } from "./mod.ts";

function cluster(nodes: number): Node[] {
  return Array.from({ length: nodes }, (_, i) =>
    makeNode(`node-${i}`, {
      cpu: "4",
      memory: "32Gi",
      pods: 110,
      labels: { "topology.kubernetes.io/zone": `zone-${i % 3}` },
    }));
}

function pods(count: number, prefix: string): Pod[] {
  return Array.from(
    { length: count },
    (_, i) => makePod(`${prefix}-${i}`, { cpu: "100m", memory: "500Mi" }),
  );
}

const CASES = [
  {
    name: "SchedulingBasic/500Nodes",
    nodes: cluster(500),
    init: pods(500, "init"),
    measure: pods(1000, "pod"),
  },
  {
    name: "SchedulingBasic/5000Nodes",
    nodes: cluster(5000),
    init: pods(1000, "init"),
    measure: pods(1000, "pod"),
  },
];

function runCase(c: typeof CASES[number]): number {
  const scheduler = new Scheduler(c.nodes, { seed: 1 });
  scheduleAll(scheduler, c.init);
  const rows = scheduleAll(scheduler, c.measure);
  return rows.filter((r) => r.node !== null).length;
}

for (const c of CASES) {
  Deno.bench(
    `${c.name}: ${c.init.length} init + ${c.measure.length} measured pods, default profile`,
    () => {
      runCase(c);
    },
  );
}

if (import.meta.main) {
  for (const c of CASES) {
    const scheduler = new Scheduler(c.nodes, { seed: 1 });
    scheduleAll(scheduler, c.init);
    const start = performance.now();
    const placed = scheduleAll(scheduler, c.measure).filter((r) => r.node !== null).length;
    const seconds = (performance.now() - start) / 1000;
    console.log(
      `${c.name}: ${placed} pods in ${seconds.toFixed(2)} s → ${
        Math.round(placed / seconds)
      } pods/s`,
    );
  }
}
