import assert from "node:assert/strict";
import {
  assertDuration,
  formatTime,
  HOUR,
  hours,
  MICROSECOND,
  MILLISECOND,
  MINUTE,
  minutes,
  ms,
  NANOSECOND,
  ns,
  SECOND,
  seconds,
  toMicroseconds,
  toMilliseconds,
  toSeconds,
  us,
} from "./time.ts";

Deno.test("unit constants are powers of a thousand, then sixties", () => {
  assert.equal(NANOSECOND, 1);
  assert.equal(MICROSECOND, 1e3);
  assert.equal(MILLISECOND, 1e6);
  assert.equal(SECOND, 1e9);
  assert.equal(MINUTE, 60e9);
  assert.equal(HOUR, 3600e9);
});

Deno.test("unit helpers convert to integer nanoseconds", async (t) => {
  await t.step("whole values", () => {
    assert.equal(ns(7), 7);
    assert.equal(us(3), 3_000);
    assert.equal(ms(5), 5_000_000);
    assert.equal(seconds(2), 2_000_000_000);
    assert.equal(minutes(1), 60_000_000_000);
    assert.equal(hours(2), 7_200_000_000_000);
  });
  await t.step("fractions round to the nearest nanosecond", () => {
    assert.equal(us(1.0004), 1_000);
    assert.equal(us(1.0006), 1_001);
    assert.equal(ms(0.1) + ms(0.2), ms(0.3)); // no float drift once in integers
    assert.equal(seconds(1e-9), 1);
  });
  await t.step("results are always integers", () => {
    for (const value of [0.1, 0.7, 1 / 3, 2.5e-4]) assert.ok(Number.isInteger(ms(value)));
  });
});

Deno.test("unit helpers reject non-numbers with TypeError and huge values with RangeError", () => {
  assert.throws(() => ms("5" as unknown as number), TypeError);
  assert.throws(() => ms(NaN), RangeError);
  assert.throws(() => ms(Infinity), RangeError);
  assert.throws(() => hours(1e6), /about 104 days/);
});

Deno.test("toSeconds/toMilliseconds/toMicroseconds return floats for charts", () => {
  assert.equal(toSeconds(2_500_000_000), 2.5);
  assert.equal(toMilliseconds(1_250_000), 1.25);
  assert.equal(toMicroseconds(1_500), 1.5);
});

Deno.test("formatTime() picks the largest unit the value reaches", async (t) => {
  await t.step("automatic units", () => {
    assert.equal(formatTime(0), "0 ns");
    assert.equal(formatTime(999), "999 ns");
    assert.equal(formatTime(1_000), "1 µs");
    assert.equal(formatTime(1_500_000), "1.5 ms");
    assert.equal(formatTime(2 * SECOND), "2 s");
    assert.equal(formatTime(90 * SECOND), "1.5 min");
    assert.equal(formatTime(36 * HOUR), "36 h");
    assert.equal(formatTime(-2_000), "-2 µs");
  });
  await t.step("digits and unit options", () => {
    assert.equal(formatTime(1_234_567), "1.235 ms");
    assert.equal(formatTime(1_234_567, { digits: 0 }), "1 ms");
    assert.equal(formatTime(1_500_000, { unit: "us" }), "1500 µs");
    assert.equal(formatTime(1_500_000, { unit: "s", digits: 4 }), "0.0015 s");
  });
  await t.step("bad input names the problem", () => {
    assert.throws(() => formatTime(NaN), TypeError);
    assert.throws(() => formatTime(1, { digits: -1 }), /digits/);
    assert.throws(() => formatTime(1, { unit: "days" as "h" }), /unit must be one of/);
  });
});

Deno.test("assertDuration() accepts non-negative integers and explains rejections", () => {
  assert.equal(assertDuration(0, "delay"), 0);
  assert.equal(assertDuration(Number.MAX_SAFE_INTEGER, "delay"), Number.MAX_SAFE_INTEGER);
  assert.throws(() => assertDuration("1", "delay"), TypeError);
  assert.throws(() => assertDuration(1.5, "delay"), /delay must be a whole number.*got 1\.5/);
  assert.throws(() => assertDuration(-3, "delay"), /delay must not be negative: got -3 ns/);
  assert.throws(() => assertDuration(2 ** 53, "delay"), RangeError);
});
