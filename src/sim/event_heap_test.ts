import assert from "node:assert/strict";
import { EventHeap } from "./event_heap.ts";
import { Random } from "./random.ts";

Deno.test("heap pops events in (time, seq) order", async (t) => {
  await t.step("smaller time first", () => {
    const heap = new EventHeap<string>();
    heap.push(30, "c");
    heap.push(10, "a");
    heap.push(20, "b");
    assert.deepEqual([heap.pop(), heap.pop(), heap.pop()], ["a", "b", "c"]);
  });
  await t.step("equal times pop in push order", () => {
    const heap = new EventHeap<number>();
    for (let i = 0; i < 100; i++) heap.push(5, i);
    const order = Array.from({ length: 100 }, () => heap.pop());
    assert.deepEqual(order, Array.from({ length: 100 }, (_, i) => i));
  });
  await t.step("interleaved pushes and pops match a linear-scan oracle", () => {
    const random = new Random("heap-order");
    const heap = new EventHeap<number>({ capacity: 2 }); // forces many grow() calls
    // Oracle: an unsorted list; the next pop is its minimum by (time, seq).
    const pending: { time: number; seq: number; item: number }[] = [];
    const popOracle = () => {
      let best = 0;
      for (let i = 1; i < pending.length; i++) {
        const a = pending[i];
        const b = pending[best];
        if (a.time < b.time || (a.time === b.time && a.seq < b.seq)) best = i;
      }
      return pending.splice(best, 1)[0].item;
    };
    for (let item = 0; item < 3000; item++) {
      const time = random.int(0, 200); // a narrow range: many ties
      pending.push({ time, seq: heap.push(time, item), item });
      if (random.bernoulli(0.4)) assert.equal(heap.pop(), popOracle());
    }
    while (pending.length > 0) assert.equal(heap.pop(), popOracle());
    assert.equal(heap.size, 0);
  });
});

Deno.test("push() returns sequence numbers 0, 1, 2, … in push order", () => {
  const heap = new EventHeap<string>();
  assert.equal(heap.push(9, "a"), 0);
  assert.equal(heap.push(1, "b"), 1);
  heap.pop();
  assert.equal(heap.push(1, "c"), 2);
});

Deno.test("push() rejects times that are not non-negative safe integers", () => {
  const heap = new EventHeap<string>();
  for (const bad of [-1, 0.5, NaN, Infinity, 2 ** 53]) {
    assert.throws(() => heap.push(bad, "x"), RangeError, `time ${bad}`);
  }
  assert.equal(heap.size, 0);
});

Deno.test("peek(), peekTime() and pop() on an empty heap return undefined/Infinity", () => {
  const heap = new EventHeap<string>();
  assert.equal(heap.peek(), undefined);
  assert.equal(heap.peekTime(), Infinity);
  assert.equal(heap.pop(), undefined);
});

Deno.test("removeWhere() drops matches and keeps (time, seq) order of the rest", () => {
  const heap = new EventHeap<number>();
  for (let i = 0; i < 3000; i++) heap.push(i % 97, i);
  const removed = heap.removeWhere((item) => item % 3 === 0);
  assert.equal(removed, 1000);
  assert.equal(heap.size, 2000);
  const kept = Array.from({ length: 2000 }, () => heap.pop() as number);
  const expected = Array.from({ length: 3000 }, (_, i) => i)
    .filter((i) => i % 3 !== 0)
    .sort((a, b) => (a % 97) - (b % 97) || a - b);
  assert.deepEqual(kept, expected);
  // The heap still works after the purge, including reuse of freed pool slots.
  heap.push(5, -1);
  heap.push(1, -2);
  assert.deepEqual([heap.pop(), heap.pop(), heap.pop()], [-2, -1, undefined]);
});

Deno.test("toArray() lists entries in pop order without changing the heap", () => {
  const heap = new EventHeap<string>();
  heap.push(3, "c");
  heap.push(1, "a");
  heap.push(3, "d");
  assert.deepEqual(heap.toArray(), [
    { time: 1, seq: 1, item: "a" },
    { time: 3, seq: 0, item: "c" },
    { time: 3, seq: 2, item: "d" },
  ]);
  assert.equal(heap.size, 3);
});

Deno.test("EventHeap rejects a non-positive capacity", () => {
  assert.throws(() => new EventHeap({ capacity: 0 }), /capacity must be an integer/);
});
