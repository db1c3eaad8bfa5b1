import assert from "node:assert/strict";
import { approx, integer, parseIntegerAnswer, satisfies, text } from "./compare.ts";
import { TODO } from "./placeholder.ts";

Deno.test("approx() accepts answers within the relative tolerance and rejects the rest", () => {
  // 1500 bytes at 100 Mbit/s: 1500 × 8 / 1e8 s = 120 µs; 1% of 120 is 1.2.
  const delay = approx(120, { unit: "µs" });
  assert.equal(delay.compare(121.1).pass, true);
  assert.equal(delay.compare(118.9).pass, true);
  assert.equal(delay.compare(121.3).pass, false);
  assert.equal(delay.compare("120.5").pass, true); // numeric text
  assert.equal(delay.compare(121.3).problem, "your 121.3 µs is too high");
  assert.equal(delay.compare(100).problem, "your 100 µs is too low");
});

Deno.test("approx() uses the larger of the absolute and relative tolerances", () => {
  const nearZero = approx(0, { absolute: 0.001 });
  assert.equal(nearZero.compare(0.0009).pass, true);
  assert.equal(nearZero.compare(0.002).pass, false);
  const both = approx(1000, { absolute: 5, relative: 0.001 }); // max(5, 1) = 5
  assert.equal(both.compare(1004.9).pass, true);
  assert.equal(both.compare(1005.1).pass, false);
});

Deno.test("approx() refuses an expected 0 with no absolute tolerance", () => {
  assert.throws(() => approx(0), RangeError);
});

Deno.test("approx() reports a non-number and a placeholder distinctly", () => {
  const delay = approx(2.5);
  assert.match(delay.compare("fast").problem ?? "", /not a number/);
  assert.equal(delay.compare(TODO).notAnswered, true);
  assert.equal(delay.compare(undefined).notAnswered, true);
});

Deno.test("integer() accepts every written form of the value", () => {
  const checksum = integer(0x1c46);
  for (
    const form of [
      7238,
      7238n,
      "7238",
      "0x1c46",
      "0x1C46",
      " 0x1c46 ",
      "0b1110001000110",
      "0o16106",
      "7_238",
    ]
  ) {
    assert.equal(checksum.compare(form).pass, true, `form ${String(form)}`);
  }
  assert.equal(checksum.compare("0x1c47").pass, false);
  assert.equal(checksum.compare(7238.5).pass, false);
  assert.equal(checksum.compare("1c46").pass, false); // hex needs its 0x …
  assert.equal(checksum.compare("1c46").problem, 'got "1c46": write hexadecimal with a 0x prefix');
});

Deno.test("integer() says off by one, but never the value", () => {
  const hosts = integer(62);
  const verdict = hosts.compare(63);
  assert.equal(verdict.problem, "your 63 is off by one");
  assert.doesNotMatch(JSON.stringify(verdict), /\b62\b/);
  assert.equal(hosts.compare(64).problem, "your 64 is not the right value");
});

Deno.test("parseIntegerAnswer() reads signs and bases, and rejects junk", () => {
  assert.equal(parseIntegerAnswer("-0x10"), -16n);
  assert.equal(parseIntegerAnswer("12abc"), undefined);
  assert.equal(parseIntegerAnswer(Number.MAX_SAFE_INTEGER + 2), undefined);
  assert.equal(parseIntegerAnswer(null), undefined);
});

Deno.test("text() normalises case and whitespace as configured", () => {
  assert.equal(text("Transport layer").compare("TRANSPORT\tlayer ").pass, true);
  assert.equal(
    text("Transport layer", { caseSensitive: true }).compare("transport layer").pass,
    false,
  );
  assert.equal(text("a b", { whitespace: "ignore" }).compare("ab").pass, true);
  assert.equal(text("a b", { whitespace: "exact" }).compare("a  b").pass, false);
  assert.match(text("x").compare(5).problem ?? "", /not a string/);
});

Deno.test("satisfies() turns a throwing predicate into a failed verdict", () => {
  const check = satisfies("an even number", (value) => {
    if (typeof value !== "number") throw new TypeError("needs a number");
    return value % 2 === 0;
  });
  assert.equal(check.compare(4).pass, true);
  assert.equal(check.compare(3).pass, false);
  assert.equal(check.compare("4").problem, "needs a number");
});

Deno.test("no comparator's expected words contain the expected value", () => {
  const cases = [
    [approx(123.456), "123.456"],
    [integer(7238), "7238"],
    [integer(0x1c46), "0x1c46"],
    [text("ethernet"), "ethernet"],
  ] as const;
  for (const [comparator, secret] of cases) {
    assert.ok(!comparator.expected.includes(secret), comparator.expected);
    assert.ok(comparator.secrets.includes(secret));
  }
});
