/**
 * Homework `cni-ipam`: which address does each container get from CNI's `host-local` IPAM?
 * A seeded range (subnet, rangeStart, rangeEnd, gateway) and a seeded sequence of ADD and DEL.
 * The rule to apply by hand (containernetworking/plugins `plugins/ipam/host-local/backend/
 * allocator/allocator.go`, `GetIter` and `Next`):
 *
 * ```
 *   start   = the address after last_reserved_ip (the last address handed out), or rangeStart
 *   scan    start, start+1, …, rangeEnd, then wrap to rangeStart, …  until back at start
 *   skip    the gateway, and addresses still held by a container
 *   none    "no IP addresses available in range set" (CNI error code 999)
 *   DEL     frees the container's address; last_reserved_ip does not move
 * ```
 *
 * `solve` runs the model's host-local (cluster/cni); the tests compare it with Debian's real
 * `/usr/lib/cni/host-local` binary on the same sequences.
 *
 * Usage: `deno task homework cni-ipam --seed 7 [-c]`.
 *
 * @module
 */

import { defineHomework, z } from "@src/exercise/mod.ts";
import { Random } from "@src/sim/mod.ts";
import { CniRuntime } from "../cni/mod.ts";

/**
 * A generated problem.
 *
 * @example
 * ```ts
 * import type { CniIpamProblem } from "./cni_ipam.ts";
 * type Step = CniIpamProblem["steps"][number]; // { command: "ADD", container: "c1" }
 * ```
 */
export interface CniIpamProblem {
  /** The host-local range: subnet, rangeStart, rangeEnd, gateway. */
  readonly range: {
    readonly subnet: string;
    readonly rangeStart: string;
    readonly rangeEnd: string;
    readonly gateway: string;
  };
  /** The ADD/DEL sequence, in order. */
  readonly steps: readonly { readonly command: "ADD" | "DEL"; readonly container: string }[];
}

/**
 * The answer key: one row per step, the address (without prefix) or "none".
 *
 * @example
 * ```ts
 * import type { CniIpamSolution } from "./cni_ipam.ts";
 * const row: CniIpamSolution[number] = { command: "ADD", container: "c1", address: "10.0.0.2" };
 * ```
 */
export type CniIpamSolution = readonly {
  readonly command: "ADD" | "DEL";
  readonly container: string;
  readonly address: string;
}[];

const Options = z.object({
  steps: z.number().int().min(0).max(40).default(0).describe("ADD/DEL steps; 0: seeded 10–16"),
});

/**
 * Options of the `cni-ipam` generator.
 *
 * @example
 * ```ts
 * import type { CniIpamOptions } from "./cni_ipam.ts";
 * const options: CniIpamOptions = { steps: 12 };
 * ```
 */
export type CniIpamOptions = z.output<typeof Options>;

function generate(seed: number, options: CniIpamOptions): CniIpamProblem {
  const random = new Random(seed).fork("cni-ipam");
  const third = random.int(0, 255);
  const prefix = random.choice([28, 29]);
  const size = 2 ** (32 - prefix);
  const base = random.int(0, 256 / size - 1) * size;
  const ip = (host: number) => `10.30.${third}.${base + host}`;
  // usable hosts 1 … size-2; a sub-range of at least 3 addresses
  const start = random.int(1, size - 4);
  const end = random.int(start + 2, size - 2);
  const gateway = random.bernoulli(0.5) ? random.int(start, end) : 1;
  const count = options.steps || random.int(10, 16);
  const live: string[] = [];
  const steps: { command: "ADD" | "DEL"; container: string }[] = [];
  let next = 0;
  for (let i = 0; i < count; i++) {
    if (live.length > 0 && random.bernoulli(0.35)) {
      steps.push({ command: "DEL", container: live.splice(random.int(0, live.length - 1), 1)[0] });
    } else {
      const container = `c${++next}`;
      live.push(container);
      steps.push({ command: "ADD", container });
    }
  }
  return {
    range: {
      subnet: `${ip(0)}/${prefix}`,
      rangeStart: ip(start),
      rangeEnd: ip(end),
      gateway: ip(gateway),
    },
    steps,
  };
}

function solve(problem: CniIpamProblem): CniIpamSolution {
  const runtime = new CniRuntime();
  const list = {
    cniVersion: "1.0.0",
    name: "homework",
    // host-local alone in the list: an IPAM plugin reads the "ipam" section of the whole config
    plugins: [{ type: "host-local", ipam: { type: "host-local", ranges: [[problem.range]] } }],
  };
  return problem.steps.map(({ command, container }) => {
    const attachment = { containerId: container, netns: `/run/netns/${container}` };
    if (command === "DEL") {
      runtime.del(list, attachment);
      return { command, container, address: "" };
    }
    const outcome = runtime.add(list, attachment);
    const address = outcome.ok ? outcome.result?.ips?.[0]?.address.split("/")[0] ?? "none" : "none";
    return { command, container, address };
  });
}

function render(problem: CniIpamProblem, solution?: CniIpamSolution): string {
  const r = problem.range;
  const out = [
    "A node's CNI network uses host-local IPAM with this range (a fresh data directory):",
    "",
    `  "ipam": { "type": "host-local", "ranges": [[ ${JSON.stringify(r)} ]] }`,
    "",
    "Containers are added (ADD) and removed (DEL) in this order. For each ADD, which address does",
    'the container get? Write "none" when the range is exhausted.',
    "",
  ];
  problem.steps.forEach((step, i) => {
    const answer = solution && step.command === "ADD" ? `  →  ${solution[i].address}` : "";
    out.push(`  ${String(i + 1).padStart(2)}. ${step.command} ${step.container}${answer}`);
  });
  return out.join("\n");
}

/**
 * The `cni-ipam` homework generator.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assign } from "@src/exercise/mod.ts";
 * import { cniIpam } from "./cni_ipam.ts";
 * const { problem, solution } = assign(cniIpam, { seed: 7 });
 * // the first container gets rangeStart, unless rangeStart is the gateway
 * if (problem.range.gateway !== problem.range.rangeStart) {
 *   assert.equal(solution[0].address, problem.range.rangeStart);
 * }
 * ```
 */
export const cniIpam = defineHomework({
  name: "cni-ipam",
  description: "Which address each container gets from CNI host-local IPAM",
  options: Options,
  generate,
  solve,
  render,
});
