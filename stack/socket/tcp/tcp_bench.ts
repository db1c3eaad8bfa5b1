/**
 * Benchmark of the TCP endpoint's hot path: a simulated bulk transfer of 100 MB from one
 * stack to another over a 100 Mbit/s, 20 ms RTT path that loses 1 % of data segments,
 * with every byte checked (Adler-32) on arrival. Payloads are views into the sender's
 * one buffer, never copied per segment; traces are off.
 *
 *     deno run -A stack/socket/tcp/tcp_bench.ts      wall time, events/s, goodput (both CCs)
 *     deno bench stack/socket/tcp/tcp_bench.ts       Deno.bench's statistics on 10 MB
 *
 * Target: 100 MB in under 3 s of wall time.
 *
 * @example Run a small transfer by hand
 * ```ts
 * import assert from "node:assert/strict";
 * import { measureTransfer } from "./tcp_bench.ts";
 * const figures = measureTransfer({ bytes: 100_000, cc: "reno" });
 * assert.ok(figures.completed && figures.eventsPerSecond > 0);
 * ```
 *
 * @module
 */

import { ms } from "@src/sim/mod.ts";
import { bulkTransfer } from "./bulk_transfer.ts";

/**
 * What {@linkcode measureTransfer} reports.
 *
 * @example
 * ```ts
 * import type { TransferFigures } from "./tcp_bench.ts";
 * const line = (f: TransferFigures) => `${f.wallMs} ms`;
 * ```
 */
export interface TransferFigures {
  /** Every byte arrived in order and both sides closed. */
  completed: boolean;
  /** Wall-clock time of the run, ms. */
  wallMs: number;
  /** Simulation events executed. */
  events: number;
  /** events / wall seconds. */
  eventsPerSecond: number;
  /** Simulated duration, s. */
  simulatedSeconds: number;
  /** Goodput in the simulation, Mbit/s. */
  goodputMbps: number;
  /** Segments the sender resent. */
  retransmissions: number;
  /** Retransmission timeouts. */
  timeouts: number;
}

/**
 * Run one 1 %-loss bulk transfer and time it (wall clock: this is a benchmark, not a model).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { measureTransfer } from "./tcp_bench.ts";
 * assert.ok(measureTransfer({ bytes: 50_000, cc: "cubic" }).completed);
 * ```
 */
export function measureTransfer(
  options: { bytes: number; cc: "reno" | "cubic"; seed?: number },
): TransferFigures {
  const start = performance.now();
  const result = bulkTransfer({
    bytes: options.bytes,
    seed: options.seed ?? 1,
    loss: 0.01,
    rtt: ms(20),
    bandwidth: 100e6,
    cc: options.cc,
    trace: false,
  });
  const wallMs = performance.now() - start;
  return {
    completed: result.completed && result.checksumReceived === result.checksumSent,
    wallMs: Math.round(wallMs),
    events: result.events,
    eventsPerSecond: Math.round(result.events / (wallMs / 1000)),
    simulatedSeconds: result.duration / 1e9,
    goodputMbps: result.goodput / 1e6,
    retransmissions: result.sender.retransmissions,
    timeouts: result.sender.timeouts,
  };
}

Deno.bench("bulk transfer of 10 MB, 1 % loss, 100 Mbit/s, 20 ms RTT, CUBIC", () => {
  measureTransfer({ bytes: 10_000_000, cc: "cubic" });
});

if (import.meta.main) {
  measureTransfer({ bytes: 5_000_000, cc: "reno" }); // warm up the JIT
  console.log(
    "100 MB bulk transfer, 1 % loss, 100 Mbit/s, 20 ms RTT (Deno " + Deno.version.deno + ")",
  );
  for (const cc of ["reno", "cubic"] as const) {
    const f = measureTransfer({ bytes: 100_000_000, cc });
    console.log(
      `  ${cc.padEnd(6)} wall ${String(f.wallMs).padStart(5)} ms  ` +
        `${(f.eventsPerSecond / 1e6).toFixed(2)} M events/s (${f.events} events)  ` +
        `simulated ${f.simulatedSeconds.toFixed(1)} s, goodput ${
          f.goodputMbps.toFixed(2)
        } Mbit/s, ` +
        `${f.retransmissions} retransmissions, ${f.timeouts} timeouts, ` +
        (f.completed ? "all bytes in order" : "INCOMPLETE"),
    );
  }
}
