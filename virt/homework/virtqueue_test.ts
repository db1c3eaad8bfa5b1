import assert from "node:assert/strict";
import { assign, homeworkOptions } from "@src/exercise/mod.ts";
import { DeviceQueue, DriverQueue, vringLayout, vringSize } from "../virtio/mod.ts";
import { virtqueue, type VirtqueueProblem } from "./virtqueue.ts";

const BUFFERS = 0x8000;

/**
 * Play a problem on virt/virtio's DriverQueue and DeviceQueue and report what they did,
 * in the answer key's terms.
 */
function replay(problem: VirtqueueProblem, eventIdx: boolean) {
  const n = problem.queueSize;
  const memory = new Uint8Array(0x20000);
  const layout = vringLayout(n, 0x1000, problem.align);
  const view = new DataView(memory.buffer);
  const driver = new DriverQueue(memory, layout, { eventIdx });
  const device = new DeviceQueue(memory, layout, { eventIdx });
  const one = [{ address: BUFFERS, length: 16, write: false }];
  // The story before the first batch: startIndex one-descriptor requests, each reclaimed.
  for (let i = 0; i < problem.startIndex; i++) {
    driver.add(one);
    driver.publish();
    device.pushUsed(device.pop(), 0);
    driver.reclaim();
  }
  assert.equal(driver.availableIndex, problem.startIndex);
  // The free list, read back: a chain of all n descriptors takes them in free-list order.
  const freeList = () => {
    const head = driver.add(Array.from({ length: n }, () => one[0]));
    return device.chain(head).map((d) => d.index);
  };
  const batches = problem.batches.map((batch) => {
    const availBefore = driver.availableIndex;
    const heads = batch.chains.map((length, r) =>
      driver.add(
        Array.from({ length }, (_, k) => ({
          address: BUFFERS + 0x100 * r + 0x10 * k,
          length: 16,
          write: k === length - 1,
        })),
      )
    );
    view.setUint16(layout.used + 4 + 8 * n, batch.availEvent, true); // avail_event
    const kick = driver.publish();
    const slots = heads.map((_, r) => (availBefore + r) % n);
    slots.forEach((slot, r) =>
      assert.equal(view.getUint16(layout.available + 4 + 2 * slot, true), heads[r])
    );
    const popped = heads.map(() => device.pop());
    assert.deepEqual(popped, heads);
    const descriptors = popped.map((head) => device.chain(head).map((d) => d.index));
    view.setUint16(layout.available + 4 + 2 * n, batch.usedEvent, true); // used_event
    const interrupts = batch.completion.filter((r) => device.pushUsed(heads[r], 0)).length;
    const usedAfter = device.usedIndex;
    assert.deepEqual(
      driver.reclaim().map((done) => done.head),
      batch.completion.map((r) => heads[r]),
    );
    return {
      descriptors,
      slots,
      availBefore,
      availAfter: driver.availableIndex,
      kick,
      usedAfter,
      interrupts,
    };
  });
  return { layout, batches, freeAtEnd: freeList() };
}

function check(problem: VirtqueueProblem, label: string) {
  const solution = virtqueue.solve(problem);
  const n = problem.queueSize;
  assert.equal(solution.vringSize, vringSize(n, problem.align), label);
  const real = replay(problem, true);
  assert.equal(real.layout.used - real.layout.descriptors, solution.usedOffset, label);
  assert.equal(real.layout.available - real.layout.descriptors, solution.descriptorBytes, label);
  assert.equal(real.layout.size, solution.vringSize, label);
  real.batches.forEach((batch, b) => {
    const { freeAfter: _, ...answer } = solution.batches[b];
    assert.deepEqual(
      { ...answer, descriptors: answer.descriptors.map((d) => [...d]), slots: [...answer.slots] },
      batch,
      `${label} batch ${b + 1}`,
    );
  });
  assert.deepEqual(real.freeAtEnd, solution.batches.at(-1)!.freeAfter, label);
  assert.equal(solution.kicks.eventIdx, real.batches.filter((b) => b.kick).length, label);
  // Without EVENT_IDX: the same queues kick on every publish, interrupt on every completion.
  const plain = replay({ ...problem, startIndex: 0, freeList: [...Array(n).keys()] }, false);
  assert.equal(solution.kicks.always, plain.batches.filter((b) => b.kick).length, label);
  assert.equal(
    solution.interrupts.always,
    plain.batches.reduce((sum, b) => sum + b.interrupts, 0),
    label,
  );
}

Deno.test("virtqueue: solve() agrees with vringLayout, DriverQueue and DeviceQueue", () => {
  const variants = [
    { start: "zero" },
    { start: "used", batches: 4 },
    { start: "near-wrap" },
    { start: "zero", queueSize: 4, maxChain: 3, requests: 8 },
    { start: "zero", queueSize: 256, batches: 5, requests: 8 },
  ];
  for (const variant of variants) {
    const options = homeworkOptions(virtqueue, variant);
    for (let seed = 0; seed < 12; seed++) {
      check(virtqueue.generate(seed, options), `seed ${seed} ${JSON.stringify(variant)}`);
    }
  }
});

Deno.test("virtqueue: a hand-worked queue of 8 across the 2^16 wrap", () => {
  // vring_size(8, 4096): descriptors 128 + avail 2·(3+8) = 22 → 150, aligned up to 4096;
  // used 6 + 8·8 = 70; 4096 + 70 = 4166.
  // Batch 1 at idx 65534: chains of 2 and 1 from free list [6, 7, 0, …] → 6→7 and 0;
  // avail.idx 65534 → 0; avail_event 65534 ∈ [65534, 0): kick. Completed #2 then #1 with
  // used_event 65535: the second completion (65535 → 0) crosses it: one interrupt.
  // Free list after: [1, …, 5, 0, 6, 7]. Batch 2: one chain of 3 → 1→2→3, idx 0 → 1,
  // avail_event 5 (the device asked to wait for more): no kick; used_event 0: interrupt.
  const problem: VirtqueueProblem = {
    queueSize: 8,
    align: 4096,
    startIndex: 65534,
    freeList: [6, 7, 0, 1, 2, 3, 4, 5],
    batches: [
      { chains: [2, 1], availEvent: 65534, usedEvent: 65535, completion: [1, 0] },
      { chains: [3], availEvent: 5, usedEvent: 0, completion: [0] },
    ],
  };
  const solution = virtqueue.solve(problem);
  assert.equal(solution.vringSize, 4166);
  assert.deepEqual(solution.batches.map((b) => b.descriptors), [[[6, 7], [0]], [[1, 2, 3]]]);
  assert.deepEqual(solution.batches.map((b) => b.slots), [[6, 7], [0]]);
  assert.deepEqual(solution.batches[0].freeAfter, [1, 2, 3, 4, 5, 0, 6, 7]);
  assert.deepEqual(solution.batches.map((b) => [b.availAfter, b.kick, b.interrupts]), [
    [0, true, 1],
    [1, false, 1],
  ]);
  assert.deepEqual(solution.kicks, { eventIdx: 1, always: 2 });
  assert.deepEqual(solution.interrupts, { eventIdx: 2, always: 3 });
  check(problem, "hand-worked");
});

Deno.test("virtqueue: same seed → same problem, different seeds differ", () => {
  for (const seed of [0, 7, 123456789]) {
    assert.equal(assign(virtqueue, { seed }).text(true), assign(virtqueue, { seed }).text(true));
  }
  const texts = new Set(
    Array.from({ length: 20 }, (_, seed) => assign(virtqueue, { seed }).text()),
  );
  assert.equal(texts.size, 20);
});

Deno.test("virtqueue: every batch fits the queue and chains stay within maxChain", () => {
  for (let seed = 0; seed < 100; seed++) {
    const options = homeworkOptions(virtqueue, { queueSize: 4, requests: 8, maxChain: 3 });
    for (const batch of virtqueue.generate(seed, options).batches) {
      assert.ok(batch.chains.length >= 1);
      assert.ok(batch.chains.reduce((a, b) => a + b, 0) <= 4, `seed ${seed}`);
      assert.deepEqual([...batch.completion].sort(), batch.chains.map((_, i) => i));
    }
  }
});

Deno.test("virtqueue: render() asks without answers and shows the worked answers with them", () => {
  const problem = virtqueue.generate(7, homeworkOptions(virtqueue, {}));
  const solution = virtqueue.solve(problem);
  const question = virtqueue.render(problem);
  assert.match(question, /^A split virtqueue of \d+ descriptors/);
  assert.match(question, /4\. How many kicks and how many interrupts/);
  assert.doesNotMatch(question, /vring_size = |kicks: \d/);
  const answer = virtqueue.render(problem, solution);
  assert.match(answer, new RegExp(`vring_size = \\d+ \\+ \\d+ = ${solution.vringSize} bytes`));
  assert.match(
    answer,
    new RegExp(
      `kicks: ${solution.kicks.eventIdx} with EVENT_IDX, ${solution.kicks.always} without`,
    ),
  );
  assert.match(answer, /request #1: descriptors \d+/);
});

Deno.test("virtqueue: bad options name the field and what is allowed", () => {
  assert.throws(
    () => homeworkOptions(virtqueue, { queueSize: 12 }),
    /queueSize must be 0 \(seeded: 8 or 16\) or one of 4, 8, 16, 32, 64, 128, 256 \(got 12\)/,
  );
  assert.throws(() => homeworkOptions(virtqueue, { maxChain: 4 }), /maxChain must be ≤ 3/);
  assert.throws(() => homeworkOptions(virtqueue, { start: "wrap" }), /start/);
});
