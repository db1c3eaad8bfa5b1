import assert from "node:assert/strict";
import { integer } from "./compare.ts";
import { cases } from "./function_cases.ts";
import { TODO } from "./placeholder.ts";

// RFC 1071 §3: the words 0x0001, 0xf203, 0xf4f5, 0xf6f7 have the one's complement sum 0xddf2.
const sumCases = cases([
  { args: [[0x0001, 0xf203]], expected: 0xf204 },
  { args: [[0x0001, 0xf203, 0xf4f5, 0xf6f7]], expected: 0xddf2 },
], {
  name: "onesSum",
  show: (v) => typeof v === "number" ? `0x${v.toString(16)}` : JSON.stringify(v),
});

function foldedSum(words: number[]): number {
  let sum = 0;
  for (const word of words) sum += word;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

Deno.test("cases() passes a correct function", () => {
  assert.equal(sumCases.compare(foldedSum).pass, true);
});

Deno.test("cases() reports the first failing case with input, expected and actual", () => {
  // Without the end-around carry: 0x2ddf0 & 0xffff = 0xddf0, two short of 0xddf2.
  const noFold = (words: number[]) => words.reduce((a, b) => a + b, 0) & 0xffff;
  assert.equal(
    sumCases.compare(noFold).problem,
    "case 2 of 2: onesSum([1,61955,62709,63223]) returned 0xddf0, expected 0xddf2",
  );
});

Deno.test("cases() turns a learner's exception into one friendly sentence", () => {
  const broken = (words: number[]) => {
    if (words.length > 2) return (undefined as unknown as number[]).length;
    return foldedSum(words);
  };
  const problem = sumCases.compare(broken).problem ?? "";
  assert.match(
    problem,
    /^Your function threw TypeError: .+ while computing case 2 \(input onesSum\(\[1,61955,62709,63223\]\)\)\. Check how your function handles this input, in the cell where you defined it\.$/,
  );
  assert.doesNotMatch(problem, /\bat .*\.ts:\d+/); // no stack frames
});

Deno.test("cases() says 'not answered yet' for a TODO body or a missing return", () => {
  assert.equal(sumCases.compare(() => TODO).notAnswered, true);
  assert.equal(sumCases.compare(() => {}).notAnswered, true);
  assert.equal(
    sumCases.compare(() => {
      throw TODO;
    }).notAnswered,
    true,
  );
  assert.equal(sumCases.compare(TODO).notAnswered, true);
});

Deno.test("cases() rejects non-functions, promises and bad tables", () => {
  assert.match(sumCases.compare(42).problem ?? "", /not a function/);
  assert.match(sumCases.compare(() => Promise.resolve(1)).problem ?? "", /returned a Promise/);
  assert.throws(() => cases([]), RangeError);
  assert.throws(() => cases([{ expected: 1 } as never]), TypeError);
});

Deno.test("cases() accepts comparators as expected results", () => {
  const hex = cases([{ args: [255], expected: integer(255) }]);
  assert.equal(hex.compare((n: number) => `0x${n.toString(16)}`).pass, true);
  const missing = cases([{ args: [1], expected: 2 }, { args: [2], expected: 3 }]);
  assert.match(
    missing.compare((n: number) => (n === 1 ? 2 : undefined)).problem ?? "",
    /returned undefined \(is a return missing\?\)/,
  );
});
