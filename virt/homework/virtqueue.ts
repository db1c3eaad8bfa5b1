/**
 * Homework `virtqueue`: a split virtqueue by hand (virtio 1.x §2.7; Linux
 * `include/uapi/linux/virtio_ring.h`) — its size in memory, which descriptors each
 * request takes, where the ring indices end up, and how many kicks and interrupts
 * VIRTIO_F_EVENT_IDX saves.
 *
 * ```
 *   vring_size(n, align) = align_up(16·n + 2·(3 + n), align) + 2·3 + 8·n
 *                           └ descriptors ┘ └ avail ring ┘          └ used ring ┘
 *   kick after publishing avail.idx old → new   ⇔ vring_need_event(avail_event, new, old)
 *   interrupt after used.idx old → new          ⇔ vring_need_event(used_event, new, old)
 *   vring_need_event(e, new, old) = (u16)(new − e − 1) < (u16)(new − old)
 *                                 ⇔ e lies in [old, new) counting modulo 2^16
 *   without EVENT_IDX: a kick per publish, an interrupt per completion (flags left 0)
 * ```
 *
 * The driver keeps free descriptors as `DriverQueue` in virt/virtio does: a FIFO list,
 * taken from the front, a reclaimed chain returned to the back head first. (Linux's
 * virtio_ring pushes freed chains on the front instead — a LIFO.)
 *
 * `solve` uses these formulas only; the tests replay every problem on `vringLayout`,
 * `DriverQueue` and `DeviceQueue` from virt/virtio.
 *
 * Usage: `deno task homework virtqueue --seed 7 [-c]`.
 *
 * @module
 */

import { defineHomework, z } from "@src/exercise/mod.ts";
import { Random } from "@src/sim/mod.ts";

/**
 * One batch: the driver adds its requests, publishes them with one avail.idx update,
 * the device completes them one by one in `completion` order, the driver reclaims them.
 *
 * @example
 * ```ts
 * import type { VirtqueueBatch } from "./virtqueue.ts";
 * const batch: VirtqueueBatch = { chains: [2, 1], availEvent: 5, usedEvent: 5, completion: [1, 0] };
 * ```
 */
export interface VirtqueueBatch {
  /** Descriptors in each request's chain (1–3), in the order the driver adds them. */
  readonly chains: readonly number[];
  /** avail_event the device left in the used ring before this publish. */
  readonly availEvent: number;
  /** used_event the driver left in the available ring before the completions. */
  readonly usedEvent: number;
  /** The order the device completes the requests (indices into `chains`). */
  readonly completion: readonly number[];
}

/**
 * A generated virtqueue problem.
 *
 * @example
 * ```ts
 * import type { VirtqueueProblem } from "./virtqueue.ts";
 * const problem: VirtqueueProblem = {
 *   queueSize: 8, align: 4096, startIndex: 0, freeList: [0, 1, 2, 3, 4, 5, 6, 7],
 *   batches: [{ chains: [1], availEvent: 0, usedEvent: 0, completion: [0] }],
 * };
 * ```
 */
export interface VirtqueueProblem {
  /** Descriptors in the queue (a power of two). */
  readonly queueSize: number;
  /** `align` of the legacy contiguous layout (Linux `vring_init`). */
  readonly align: number;
  /** avail.idx = used.idx before the first batch (the device has caught up). */
  readonly startIndex: number;
  /** The driver's free descriptor list before the first batch, front first. */
  readonly freeList: readonly number[];
  /** The batches, in order. */
  readonly batches: readonly VirtqueueBatch[];
}

/**
 * What happened in one batch.
 *
 * @example
 * ```ts
 * import type { BatchAnswer } from "./virtqueue.ts";
 * const answer: BatchAnswer = {
 *   descriptors: [[0, 1]], slots: [0], availBefore: 0, availAfter: 1, kick: true,
 *   usedAfter: 1, interrupts: 1, freeAfter: [2, 3, 4, 5, 6, 7, 0, 1],
 * };
 * ```
 */
export interface BatchAnswer {
  /** Descriptor indices of each request's chain, head first. */
  readonly descriptors: readonly (readonly number[])[];
  /** avail.ring slot of each request (its index mod queue size). */
  readonly slots: readonly number[];
  /** avail.idx before the publish. */
  readonly availBefore: number;
  /** avail.idx after it (mod 2^16). */
  readonly availAfter: number;
  /** Whether the publish kicks the device, with EVENT_IDX. */
  readonly kick: boolean;
  /** used.idx after the completions. */
  readonly usedAfter: number;
  /** Interrupts from the completions, with EVENT_IDX (0 or 1). */
  readonly interrupts: number;
  /** The free list after the driver reclaims the batch. */
  readonly freeAfter: readonly number[];
}

/**
 * The answer key.
 *
 * @example
 * ```ts
 * import type { VirtqueueSolution } from "./virtqueue.ts";
 * type Kicks = VirtqueueSolution["kicks"]; // { eventIdx: number; always: number }
 * ```
 */
export interface VirtqueueSolution {
  /** 16·n bytes of descriptor table. */
  readonly descriptorBytes: number;
  /** 2·(3 + n) bytes of available ring (used_event included). */
  readonly availableBytes: number;
  /** Offset of the used ring from the table: align_up(descriptors + available, align). */
  readonly usedOffset: number;
  /** 6 + 8·n bytes of used ring (avail_event included). */
  readonly usedBytes: number;
  /** Linux `vring_size(n, align)`. */
  readonly vringSize: number;
  /** Each batch. */
  readonly batches: readonly BatchAnswer[];
  /** Kicks with EVENT_IDX, and without it (one per publish). */
  readonly kicks: { readonly eventIdx: number; readonly always: number };
  /** Interrupts with EVENT_IDX, and without it (one per completion). */
  readonly interrupts: { readonly eventIdx: number; readonly always: number };
}

const QUEUE_SIZES = [4, 8, 16, 32, 64, 128, 256];

const Options = z.object({
  queueSize: z.number().int().default(0)
    .refine((n) => n === 0 || QUEUE_SIZES.includes(n), {
      message: `must be 0 (seeded: 8 or 16) or one of ${QUEUE_SIZES.join(", ")}`,
    })
    .describe("descriptors in the queue; 0: seeded 8 or 16"),
  batches: z.number().int().min(1).max(5).default(2).describe("batches the driver publishes"),
  requests: z.number().int().min(1).max(8).default(4).describe("most requests in a batch"),
  maxChain: z.number().int().min(1).max(3).default(3).describe("most descriptors per request"),
  start: z.enum(["zero", "used", "near-wrap"]).default("near-wrap")
    .describe("ring indices at the start"),
});

/**
 * Options of the `virtqueue` generator.
 *
 * @example
 * ```ts
 * import type { VirtqueueOptions } from "./virtqueue.ts";
 * const options: VirtqueueOptions = { queueSize: 0, batches: 2, requests: 4, maxChain: 3, start: "zero" };
 * ```
 */
export type VirtqueueOptions = z.output<typeof Options>;

const u16 = (value: number) => ((value % 0x10000) + 0x10000) % 0x10000;

function generate(seed: number, options: VirtqueueOptions): VirtqueueProblem {
  const random = new Random(seed).fork("virtqueue");
  const queueSize = options.queueSize || random.choice([8, 16]);
  const align = random.choice([16, 64, 256, 4096]);
  const startIndex = options.start === "zero"
    ? 0
    : options.start === "used"
    ? random.int(1, 9999)
    : 0x10000 - random.int(1, options.requests);
  // The story so far: startIndex one-descriptor requests, each reclaimed before the
  // next, so the FIFO free list has turned startIndex times.
  const turn = startIndex % queueSize;
  const freeList = Array.from({ length: queueSize }, (_, i) => (i + turn) % queueSize);
  const batches: VirtqueueBatch[] = [];
  let index = startIndex;
  for (let b = 0; b < options.batches; b++) {
    const wanted = random.int(Math.min(2, options.requests), options.requests);
    const chains: number[] = [];
    let used = 0;
    while (chains.length < wanted) {
      const length = random.int(1, options.maxChain);
      if (used + length > queueSize) break;
      chains.push(length);
      used += length;
    }
    const count = chains.length;
    // avail_event: idle device (asks at old), one that asks for a few more, or a stale one.
    const availEvent = u16(
      random.choice([index, index, index + random.int(1, count), index - random.int(1, 3)]),
    );
    // used_event: interrupt at the next completion, Linux's delayed 3/4 mark, or stale.
    const usedEvent = u16(
      random.choice([index, index + Math.floor((3 * count) / 4), index - random.int(1, 2)]),
    );
    const completion = random.bernoulli(0.5)
      ? chains.map((_, i) => i)
      : random.shuffle(chains.map((_, i) => i));
    batches.push({ chains, availEvent, usedEvent, completion });
    index = u16(index + count);
  }
  return { queueSize, align, startIndex, freeList, batches };
}

/** vring_need_event: is `event` in [old, new) counting modulo 2^16? */
function needEvent(event: number, newIndex: number, oldIndex: number): boolean {
  return u16(newIndex - event - 1) < u16(newIndex - oldIndex);
}

function solve(problem: VirtqueueProblem): VirtqueueSolution {
  const n = problem.queueSize;
  const descriptorBytes = 16 * n;
  const availableBytes = 2 * (3 + n);
  const usedOffset = Math.ceil((descriptorBytes + availableBytes) / problem.align) * problem.align;
  const usedBytes = 6 + 8 * n;
  let free = [...problem.freeList];
  let index = problem.startIndex;
  const batches: BatchAnswer[] = problem.batches.map((batch) => {
    const descriptors = batch.chains.map((length) => free.splice(0, length));
    const slots = batch.chains.map((_, i) => u16(index + i) % n);
    const availBefore = index;
    const availAfter = u16(index + batch.chains.length);
    const kick = needEvent(batch.availEvent, availAfter, availBefore);
    let interrupts = 0;
    let used = availBefore;
    for (const _ of batch.completion) {
      if (needEvent(batch.usedEvent, u16(used + 1), used)) interrupts++;
      used = u16(used + 1);
    }
    free = [...free, ...batch.completion.flatMap((request) => descriptors[request])];
    index = availAfter;
    return {
      descriptors,
      slots,
      availBefore,
      availAfter,
      kick,
      usedAfter: used,
      interrupts,
      freeAfter: [...free],
    };
  });
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return {
    descriptorBytes,
    availableBytes,
    usedOffset,
    usedBytes,
    vringSize: usedOffset + usedBytes,
    batches,
    kicks: { eventIdx: batches.filter((b) => b.kick).length, always: batches.length },
    interrupts: {
      eventIdx: sum(batches.map((b) => b.interrupts)),
      always: sum(problem.batches.map((b) => b.chains.length)),
    },
  };
}

function render(problem: VirtqueueProblem, solution?: VirtqueueSolution): string {
  const n = problem.queueSize;
  const out = [
    `A split virtqueue of ${n} descriptors in the legacy contiguous layout, align ${problem.align}.`,
    "",
    `1. vring_size(${n}, ${problem.align}): how many bytes, and at which offset from the`,
    "   descriptor table does the used ring start?",
  ];
  if (solution) {
    out.push(
      `   descriptors 16·${n} = ${solution.descriptorBytes}; avail ring 2·(3 + ${n}) = ${solution.availableBytes}`,
      `   used ring at align_up(${solution.descriptorBytes} + ${solution.availableBytes}, ${problem.align}) = ${solution.usedOffset}; ` +
        `used ring 6 + 8·${n} = ${solution.usedBytes}`,
      `   vring_size = ${solution.usedOffset} + ${solution.usedBytes} = ${solution.vringSize} bytes`,
    );
  }
  out.push(
    "",
    `So far the driver has sent ${problem.startIndex} one-descriptor requests, each completed and`,
    `reclaimed before the next: avail.idx = used.idx = ${problem.startIndex}. Free descriptors,`,
    `front first (the driver takes from the front and returns a reclaimed chain to the back,`,
    `head first): [${problem.freeList.join(", ")}]. VIRTIO_F_EVENT_IDX is negotiated. (A device`,
    "that is still busy, its avail_event behind, picks new requests up without a kick.)",
  );
  problem.batches.forEach((batch, b) => {
    out.push(
      "",
      `Batch ${b + 1}: the driver adds ${batch.chains.length} request${
        batch.chains.length === 1 ? "" : "s"
      } with chains of ${batch.chains.join(", ")} descriptor${
        batch.chains.length === 1 && batch.chains[0] === 1 ? "" : "s"
      },`,
      `  then publishes them with one avail.idx update; avail_event (set by the device) is ${batch.availEvent}.`,
      `  The device completes them in the order ${
        batch.completion.map((i) => `#${i + 1}`).join(", ")
      }, one used.idx update each;`,
      `  used_event (set by the driver) is ${batch.usedEvent}. Then the driver reclaims them.`,
    );
    if (solution) {
      const answer = solution.batches[b];
      answer.descriptors.forEach((chain, i) => {
        out.push(
          `    request #${i + 1}: descriptors ${chain.join(" → ")}, avail.ring[${
            answer.slots[i]
          }] = ${chain[0]}`,
        );
      });
      out.push(
        `    avail.idx ${answer.availBefore} → ${answer.availAfter}; kick: ${
          answer.kick ? "yes" : "no"
        }, ${batch.availEvent} is ${
          answer.kick ? "" : "not "
        }in [${answer.availBefore}, ${answer.availAfter}) mod 2^16`,
        `    used.idx → ${answer.usedAfter}; interrupts: ${answer.interrupts} (used_event ${batch.usedEvent} ${
          answer.interrupts ? "is" : "is not"
        } crossed)`,
        `    free list after reclaim: [${answer.freeAfter.join(", ")}]`,
      );
    }
  });
  out.push(
    "",
    "2. Which descriptors does each request's chain occupy, and which avail.ring slot holds its head?",
    "3. What are avail.idx and used.idx after each batch?",
    "4. How many kicks and how many interrupts in all, with VIRTIO_F_EVENT_IDX and without it",
    "   (no EVENT_IDX: the NO_NOTIFY / NO_INTERRUPT flags are left 0)?",
  );
  if (solution) {
    out.push(
      `   kicks: ${solution.kicks.eventIdx} with EVENT_IDX, ${solution.kicks.always} without (one per publish)`,
      `   interrupts: ${solution.interrupts.eventIdx} with EVENT_IDX, ${solution.interrupts.always} without (one per completion)`,
    );
  }
  return out.join("\n");
}

/**
 * The `virtqueue` homework generator.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assign } from "@src/exercise/mod.ts";
 * import { virtqueue } from "./virtqueue.ts";
 * const sheet = assign(virtqueue, { seed: 7, options: { queueSize: 256 } });
 * assert.equal(sheet.problem.queueSize, 256);
 * assert.ok(sheet.solution.kicks.eventIdx <= sheet.solution.kicks.always);
 * ```
 */
export const virtqueue = defineHomework({
  name: "virtqueue",
  description: "A split virtqueue by hand: vring_size, descriptor chains, EVENT_IDX kicks",
  options: Options,
  generate,
  solve,
  render,
});
