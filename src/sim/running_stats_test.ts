import assert from "node:assert/strict";
import { RunningStats } from "./running_stats.ts";
import { Random } from "./random.ts";
import { max, mean, min, variance } from "./stats.ts";

Deno.test("RunningStats matches hand-computed values on [2, 4, 4, 4, 5, 5, 7, 9]", () => {
  const stats = new RunningStats();
  for (const value of [2, 4, 4, 4, 5, 5, 7, 9]) stats.add(value);
  assert.equal(stats.count, 8);
  assert.equal(stats.sum, 40);
  assert.equal(stats.mean, 5);
  assert.equal(stats.variance({ population: true }), 4); // Σ squared deviations 32 / 8
  assert.equal(stats.variance(), 32 / 7);
  assert.equal(stats.stddev({ population: true }), 2);
  assert.equal(stats.min, 2);
  assert.equal(stats.max, 9);
});

Deno.test("RunningStats agrees with the two-pass functions on a long random stream", () => {
  const random = new Random("welford");
  const values = Array.from({ length: 10_000 }, () => random.normal(1e6, 3));
  const stats = new RunningStats();
  for (const value of values) stats.add(value);
  assert.ok(Math.abs(stats.mean - mean(values)) < 1e-6);
  assert.ok(Math.abs(stats.variance() / variance(values) - 1) < 1e-9);
  assert.equal(stats.min, min(values));
  assert.equal(stats.max, max(values));
});

Deno.test("RunningStats reports NaN, not a made-up number, with too few values", () => {
  const stats = new RunningStats();
  assert.ok(Number.isNaN(stats.mean));
  assert.ok(Number.isNaN(stats.variance({ population: true })));
  assert.equal(stats.min, Infinity);
  assert.equal(stats.max, -Infinity);
  stats.add(3);
  assert.ok(Number.isNaN(stats.variance()));
  assert.equal(stats.variance({ population: true }), 0);
});

Deno.test("RunningStats.add() rejects NaN and non-numbers", () => {
  const stats = new RunningStats();
  assert.throws(() => stats.add(NaN), /got number NaN after 0 values/);
  assert.throws(() => stats.add("1" as unknown as number), RangeError);
  assert.equal(stats.count, 0);
});
