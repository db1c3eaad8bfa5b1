// Benchmarks for chapter 2: `deno bench virt/virt_bench.ts`.
//
//   interpreter   guest instructions per second on the compute loop (target ≥ 50 M/s):
//                 10,000,063 instructions per iteration ÷ the reported time per iteration
//   translator    the same guest under binary translation; speed-up = interpreter time ÷
//                 translator time (target ≥ 3×); includes translating from a cold cache
//   mixed         the same comparison on the mixed workload, where every IN/OUT of the
//                 PIO drivers leaves translated code for a single interpreted step
//   virtio        host time (wall clock) to simulate a 256-sector write + read-back over
//                 virtio-blk (512 requests, 64 batches), and the same over the PIO disk
//                 under kvm; each name also shows the simulated requests/s (cost model)
import { createPlatform } from "./devices/platform.ts";
import { emulate } from "./emulate/emulator.ts";
import { translate } from "./emulate/translator.ts";
import { buildGuestImage } from "./guest/workloads.ts";
import { run } from "./run.ts";

// Simulated throughput under the cost model (params.ts): 512 requests over the run's
// simulated time. Deterministic, so computed once and shown in the benchmark's name.
function simulatedRate(mode: "virtio" | "kvm"): string {
  const result = run("disk", { mode, sizes: { sectors: 256, batch: 8 } });
  return Math.round(512 / (result.ns / 1e9)).toLocaleString("en-US");
}

const COMPUTE = buildGuestImage("compute", { iterations: 1_000_000 }); // 10,000,063 instructions

Deno.bench("interpreter: compute loop, 10,000,063 guest instructions", {
  group: "cpu",
  baseline: true,
}, () => {
  emulate(createPlatform(COMPUTE));
});

Deno.bench(
  "translator: compute loop, 10,000,063 guest instructions (cold cache)",
  { group: "cpu" },
  () => {
    translate(createPlatform(COMPUTE));
  },
);

Deno.bench("translator without block chaining", { group: "cpu" }, () => {
  translate(createPlatform(COMPUTE), { chaining: false });
});

Deno.bench(
  `virtio mode: 256-sector disk workload, 512 requests (simulated ${
    simulatedRate("virtio")
  } requests/s)`,
  { group: "io", baseline: true },
  () => {
    run("disk", { mode: "virtio", sizes: { sectors: 256, batch: 8 } });
  },
);

Deno.bench(`kvm mode, PIO disk: the same (simulated ${simulatedRate("kvm")} requests/s)`, {
  group: "io",
}, () => {
  run("disk", { mode: "kvm", sizes: { sectors: 256, batch: 8 } });
});

const MIXED = buildGuestImage("mixed", { iterations: 100_000, sectors: 64, packets: 64 });

Deno.bench(
  "interpreter: mixed workload, legacy devices",
  { group: "mixed", baseline: true },
  () => {
    emulate(createPlatform(MIXED));
  },
);

Deno.bench("translator: mixed workload, legacy devices (each IN/OUT single-stepped)", {
  group: "mixed",
}, () => {
  translate(createPlatform(MIXED));
});
