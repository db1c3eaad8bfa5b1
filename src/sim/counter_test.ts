import assert from "node:assert/strict";
import { Counter } from "./counter.ts";

Deno.test("add() counts per key and rows() keeps first-seen order", () => {
  const counter = new Counter<string>();
  for (const key of ["drop", "ok", "drop", "retransmit", "ok", "drop"]) counter.add(key);
  assert.deepEqual(counter.rows(), [
    { key: "drop", count: 3 },
    { key: "ok", count: 2 },
    { key: "retransmit", count: 1 },
  ]);
  assert.equal(counter.total, 6);
  assert.equal(counter.size, 3);
});

Deno.test("add() takes an amount, and get() is 0 for unseen keys", () => {
  const counter = new Counter<number>();
  counter.add(443, 1500);
  counter.add(443, 40);
  assert.equal(counter.get(443), 1540);
  assert.equal(counter.get(80), 0);
  assert.equal(counter.total, 1540);
});

Deno.test('1 and "1" are different keys', () => {
  const counter = new Counter<string | number>();
  counter.add(1);
  counter.add("1");
  assert.equal(counter.size, 2);
});

Deno.test("add() rejects object keys and non-finite amounts", () => {
  const counter = new Counter<string>();
  assert.throws(() => counter.add({} as unknown as string), TypeError);
  assert.throws(() => counter.add("a", NaN), /amount must be a finite number/);
  assert.equal(counter.total, 0);
});
