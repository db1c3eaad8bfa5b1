import assert from "node:assert/strict";
import {
  max,
  mean,
  min,
  percentile,
  percentiles,
  stddev,
  sum,
  summarize,
  variance,
} from "./stats.ts";

// Hand-computed sample: x = [2, 4, 4, 4, 5, 5, 7, 9]
//   Σx = 40, n = 8, mean = 5
//   deviations: −3 −1 −1 −1 0 0 2 4; squares: 9 1 1 1 0 0 4 16; Σ = 32
//   population variance = 32/8 = 4 (sd 2); sample variance = 32/7
const X = [2, 4, 4, 4, 5, 5, 7, 9];

Deno.test("sum() and mean() match hand-computed values", () => {
  assert.equal(sum(X), 40);
  assert.equal(sum([]), 0);
  assert.equal(mean(X), 5);
  assert.equal(mean([-1, 1]), 0);
});

Deno.test("variance() and stddev() divide by n − 1 by default and by n on request", () => {
  assert.equal(variance(X), 32 / 7);
  assert.equal(variance(X, { population: true }), 4);
  assert.equal(stddev(X, { population: true }), 2);
  assert.equal(stddev(X), Math.sqrt(32 / 7));
  assert.equal(variance([5], { population: true }), 0);
  assert.throws(() => variance([5]), /at least 2 values: got 1/);
});

Deno.test("variance() keeps its digits when the mean is huge (two-pass formula)", () => {
  // Σx² − n·x̄² would cancel catastrophically here; the two-pass result is exact.
  const shifted = X.map((x) => x + 1e9);
  assert.equal(variance(shifted, { population: true }), 4);
});

Deno.test("min() and max() handle arrays too long to spread", () => {
  assert.equal(min(X), 2);
  assert.equal(max(X), 9);
  // 300 000 arguments would overflow the stack of Math.min(...values).
  const long = Array.from({ length: 300_000 }, (_, i) => (i % 2 === 1 ? i : -i));
  assert.equal(min(long), -299_998);
  assert.equal(max(long), 299_999);
});

Deno.test("percentile() interpolates linearly between ranks like numpy's default", async (t) => {
  await t.step("hand-computed on [10, 20, 30, 40] (h = 3p/100)", () => {
    const values = [40, 10, 30, 20];
    assert.equal(percentile(values, 0), 10);
    assert.equal(percentile(values, 25), 17.5); // h = 0.75: 10 + 0.75·10
    assert.equal(percentile(values, 50), 25); // h = 1.5
    assert.equal(percentile(values, 90), 37); // h = 2.7
    assert.equal(percentile(values, 100), 40);
  });
  await t.step("numpy.percentile([1,2,3,4,5,6,7,8,9,10], [10, 95]) == [1.9, 9.55]", () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    assert.ok(Math.abs(percentile(values, 10) - 1.9) < 1e-12);
    assert.ok(Math.abs(percentile(values, 95) - 9.55) < 1e-12);
  });
  await t.step("a single value is every percentile", () => {
    assert.equal(percentile([7], 0), 7);
    assert.equal(percentile([7], 99), 7);
  });
  await t.step("sorts numerically, not as strings, and leaves the input alone", () => {
    const values = [100, 9, 20];
    assert.equal(percentile(values, 50), 20);
    assert.deepEqual(values, [100, 9, 20]);
  });
  await t.step("p outside [0, 100] is a RangeError", () => {
    assert.throws(() => percentile(X, 101), /from 0 to 100: got 101/);
    assert.throws(() => percentile(X, -1), RangeError);
    assert.throws(() => percentile(X, NaN), RangeError);
  });
});

Deno.test("percentiles() matches percentile() for each p", () => {
  const ps = [0, 10, 50, 90, 99, 100];
  assert.deepEqual(percentiles(X, ps), ps.map((p) => percentile(X, p)));
  assert.throws(() => percentiles(X, 50 as unknown as number[]), TypeError);
});

Deno.test("summarize() gives the usual row", () => {
  assert.deepEqual(summarize(X), {
    count: 8,
    mean: 5,
    stddev: Math.sqrt(32 / 7),
    min: 2,
    p50: 4.5, // h = 3.5: 4 + 0.5·(5 − 4)
    p90: 7.6, // h = 6.3: 7 + 0.3·(9 − 7)
    p99: 8.86, // h = 6.93: 7 + 0.93·2
    max: 9,
  });
  assert.equal(summarize([3]).stddev, 0);
});

Deno.test("every function rejects empty input, non-numbers and NaN", () => {
  const functions = [mean, min, max, (values: number[]) => percentile(values, 50), summarize];
  for (const f of functions) {
    assert.throws(() => f([]), /at least 1 value: got 0/);
    assert.throws(() => f([1, "2" as unknown as number]), /values\[1\] is string 2/);
    assert.throws(() => f([1, NaN]), /values\[1\] is NaN/);
    assert.throws(() => f("1,2" as unknown as number[]), TypeError);
  }
});
