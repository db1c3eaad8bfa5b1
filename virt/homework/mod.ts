/**
 * `virt/homework`: chapter 2's seeded homework generators (virtualization), OSTEP style.
 * Each is `generate(seed, options)`, `solve(problem)`, `render(problem, solution?)` from
 * `src/exercise`; notebooks call `assign(generator, {learner})`, the command line is
 * `deno task homework` (which loads {@link homework} from this file), tests call the
 * three functions and check the answers against the real virt code.
 *
 * Read in this order:
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assign } from "@src/exercise/mod.ts";
 * import { chapterTwoHomework, vmExits } from "./mod.ts";
 * assert.deepEqual(chapterTwoHomework.list().map((g) => g.name), ["vm-exits", "virtqueue", "batch-cost"]);
 * assert.match(assign(vmExits, { learner: "ada" }).text(), /^ARG seed \d+/);
 * ```
 *
 * @module
 */

import { HomeworkRegistry } from "@src/exercise/mod.ts";
import { batchCost } from "./batch_cost.ts";
import { virtqueue } from "./virtqueue.ts";
import { vmExits } from "./vm_exits.ts";

// Count a guest program's VM exits by reason under KVM.
export * from "./vm_exits.ts";
// A split virtqueue by hand: vring_size, descriptor chains, EVENT_IDX kicks and interrupts.
export * from "./virtqueue.ts";
// Cycles per virtio-blk request against batch size, from the cost model (params.ts).
export * from "./batch_cost.ts";

/**
 * Chapter 2's generators, in teaching order, for the command line and notebooks.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chapterTwoHomework } from "./mod.ts";
 * assert.equal(chapterTwoHomework.get("virtqueue").name, "virtqueue");
 * ```
 */
export const chapterTwoHomework: HomeworkRegistry = new HomeworkRegistry(
  [vmExits, virtqueue, batchCost],
  { title: "Chapter 2: virtualization" },
);

/**
 * The registry `deno task homework` loads from this module (same as
 * {@link chapterTwoHomework}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chapterTwoHomework, homework } from "./mod.ts";
 * assert.equal(homework, chapterTwoHomework);
 * ```
 */
export const homework: HomeworkRegistry = chapterTwoHomework;
