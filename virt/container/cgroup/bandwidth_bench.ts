// Benchmarks for the cgroup and namespace models: `deno bench -A virt/container/cgroup/bandwidth_bench.ts`.
//
//   bandwidth   simulated enforcement periods per second of host time: 10 periods of
//               100 ms, 4 CPUs, 4 CPU-bound threads in a group with cpu.max "200000 100000"
//               at the default 100 µs tick; the simulation jumps over steady stretches (here
//               between 5 ms slice requests). periods/s = 10 ÷ the reported time per iteration.
//   clone       ProcessTable.clone with new pid, net, uts namespaces, 1,000 per iteration.
//
// `deno run -A virt/container/cgroup/bandwidth_bench.ts` prints both figures, and beside
// the clone rate the real one: `unshare --pid --net --uts --fork true`, run 50 times.
import { simulateBandwidth } from "./bandwidth.ts";
import { ProcessTable } from "../namespace/mod.ts";

const BANDWIDTH = {
  cpus: 4,
  durationUs: 1_000_000,
  groups: [{ path: "/job", cpuMax: "200000 100000" }],
  threads: [{ group: "/job" }, { group: "/job" }, { group: "/job" }, { group: "/job" }],
};

function clones(count: number): void {
  const table = new ProcessTable();
  for (let i = 0; i < count; i++) table.clone(1, { namespaces: ["pid", "net", "uts"] });
}

Deno.bench("bandwidth: 10 periods × 4 CPUs at 100 µs ticks", { group: "cgroup" }, () => {
  simulateBandwidth(BANDWIDTH);
});

Deno.bench("clone: 1,000 processes with new pid, net, uts namespaces", { group: "ns" }, () => {
  clones(1000);
});

if (import.meta.main) {
  const time = (action: () => void, repeat: number) => {
    for (let i = 0; i < 3; i++) action(); // warm up the JIT
    const start = performance.now();
    for (let i = 0; i < repeat; i++) action();
    return (performance.now() - start) / 1000 / repeat;
  };
  const perRun = time(() => simulateBandwidth(BANDWIDTH), 50);
  console.log(`bandwidth model: ${(10 / perRun).toFixed(0)} simulated periods/s`);
  console.log(`clone model:     ${(1000 / time(() => clones(1000), 20)).toFixed(0)} clones/s`);
  const real = new Deno.Command("unshare", { args: ["--pid", "--net", "--uts", "--fork", "true"] });
  try {
    const start = performance.now();
    for (let i = 0; i < 50; i++) {
      if (!real.outputSync().success) throw new Error("unshare failed");
    }
    const rate = 50 / ((performance.now() - start) / 1000);
    console.log(`real unshare:    ${rate.toFixed(0)} namespace sets/s (process spawn included)`);
  } catch (error) {
    console.log(`real unshare:    not available here (${(error as Error).message})`);
  }
}
