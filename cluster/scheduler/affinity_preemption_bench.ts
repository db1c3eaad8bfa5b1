// Benchmarks for InterPodAffinity and DefaultPreemption:
// `deno bench cluster/scheduler/affinity_preemption_bench.ts`, or
// `deno run -A cluster/scheduler/affinity_preemption_bench.ts` for pods/s figures.
//
// Orientation (shapes, not exact copies): test/integration/scheduler_perf
// performance-config.yaml SchedulingPodAntiAffinity (pods with a required anti-affinity
// term on kubernetes.io/hostname selecting their own label) and PreemptionBasic (nodes
// filled with low-priority pods, then high-priority pods that must preempt). No peer tool
// runs here (kube-scheduler needs an API server), so only our figures are printed.
import { makeNode, makePod, type Node, type Pod } from "@cluster/api/mod.ts";
import { scheduleAll, Scheduler } from "./mod.ts";

const HOST = "kubernetes.io/hostname";

function cluster(nodes: number, cpu: string): Node[] {
  return Array.from({ length: nodes }, (_, i) =>
    makeNode(`node-${i}`, {
      cpu,
      memory: "32Gi",
      labels: { "topology.kubernetes.io/zone": `zone-${i % 3}` },
    }));
}

function antiAffinityPods(count: number, prefix: string): Pod[] {
  return Array.from({ length: count }, (_, i) =>
    makePod(`${prefix}-${i}`, {
      cpu: "100m",
      memory: "500Mi",
      labels: { color: "green" },
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{
          labelSelector: { matchLabels: { color: "green" } },
          topologyKey: HOST,
        }],
      },
    }));
}

function priorityPods(count: number, prefix: string, priority: number, cpu: string): Pod[] {
  return Array.from(
    { length: count },
    (_, i) => makePod(`${prefix}-${i}`, { cpu, memory: "500Mi", priority }),
  );
}

const CASES = [
  {
    name: "PodAntiAffinity/500Nodes",
    nodes: () => cluster(500, "4"),
    init: antiAffinityPods(100, "init"),
    measure: antiAffinityPods(400, "pod"),
  },
  {
    name: "Preemption/100Nodes",
    nodes: () => cluster(100, "4"),
    init: priorityPods(400, "low", 0, "1"), // fills every node (4 × 1 cpu)
    measure: priorityPods(100, "high", 1000, "1"), // each must evict one low pod
  },
];

function run(c: typeof CASES[number]): { placedOrNominated: number; seconds: number } {
  const scheduler = new Scheduler(c.nodes(), { seed: 1 });
  scheduleAll(scheduler, c.init);
  const start = performance.now();
  let placedOrNominated = 0;
  for (const pod of c.measure) {
    const result = scheduler.scheduleOne(pod);
    if (result.node !== null || result.nominatedNode !== undefined) placedOrNominated++;
  }
  return { placedOrNominated, seconds: (performance.now() - start) / 1000 };
}

for (const c of CASES) {
  Deno.bench(`${c.name}: ${c.init.length} init + ${c.measure.length} measured pods`, () => {
    run(c);
  });
}

if (import.meta.main) {
  for (const c of CASES) {
    const { placedOrNominated, seconds } = run(c);
    console.log(
      `${c.name}: ${placedOrNominated} pods placed or nominated in ${seconds.toFixed(2)} s → ${
        Math.round(placedOrNominated / seconds)
      } pods/s`,
    );
  }
}
