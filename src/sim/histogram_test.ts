import assert from "node:assert/strict";
import { Histogram } from "./histogram.ts";

Deno.test("add() puts values in [x0, x1) bins, max in the last bin", () => {
  const histogram = new Histogram(0, 10, { bins: 5 });
  for (const value of [0, 1.999, 2, 3, 3.9, 9.99, 10]) histogram.add(value);
  assert.deepEqual(histogram.counts, [2, 3, 0, 0, 2]);
  assert.equal(histogram.width, 2);
});

Deno.test("values outside [min, max] count as underflow or overflow", () => {
  const histogram = new Histogram(0, 1, { bins: 2 });
  histogram.add(-0.001);
  histogram.add(1.001);
  histogram.add(-Infinity);
  histogram.add(0.5);
  assert.equal(histogram.underflow, 2);
  assert.equal(histogram.overflow, 1);
  assert.equal(histogram.total, 4);
  assert.deepEqual(histogram.counts, [0, 1]);
});

Deno.test("a value just below max never falls off the end through rounding", () => {
  const histogram = new Histogram(0, 0.3, { bins: 3 }); // width 0.09999999999999999
  histogram.add(0.3);
  histogram.add(0.29999999999999993);
  assert.deepEqual(histogram.counts, [0, 0, 2]);
});

Deno.test("rows() gives flat {x0, x1, count} rows with the exact max as the last edge", () => {
  const histogram = new Histogram(10, 20, { bins: 4 });
  histogram.add(11);
  histogram.add(19);
  assert.deepEqual(histogram.rows(), [
    { x0: 10, x1: 12.5, count: 1 },
    { x0: 12.5, x1: 15, count: 0 },
    { x0: 15, x1: 17.5, count: 0 },
    { x0: 17.5, x1: 20, count: 1 },
  ]);
  assert.equal(new Histogram(0, 1).counts.length, 10); // default bins
});

Deno.test("bad bounds, bins and values are RangeErrors", () => {
  assert.throws(() => new Histogram(1, 1), /min < max: got min 1, max 1/);
  assert.throws(() => new Histogram(0, Infinity), RangeError);
  assert.throws(() => new Histogram(0, 1, { bins: 0 }), /bins must be a positive integer/);
  assert.throws(() => new Histogram(0, 1).add(NaN), RangeError);
});
