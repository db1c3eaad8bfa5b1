import assert from "node:assert/strict";
import { DISPLAY } from "../display/mime.ts";
import { integer } from "./compare.ts";
import { exercise, resetAttempts } from "./exercise.ts";
import { ipv4Prefix } from "./forms.ts";
import { cases } from "./function_cases.ts";
import { TODO } from "./placeholder.ts";
import { CheckFailed } from "./result.ts";

const HINTS = [
  "Add the ten 16-bit words.",
  "Fold the carry back in: (sum & 0xffff) + (sum >> 16).",
  "Complement the folded sum: ~sum & 0xffff.",
];

function checksumExercise(id: string, failure: "throw" | "show" = "show") {
  resetAttempts(id);
  return exercise(id, {
    prompt: "Compute the header checksum.",
    check: integer(0xb861, { describe: "the checksum as a 16-bit number" }),
    hints: HINTS,
    solution: "0xb861",
    failure,
  });
}

Deno.test("check() escalates hints on each wrong attempt and repeats the last", () => {
  const ex = checksumExercise("escalate");
  const shown = [1, 2, 3, 4].map((n) => ex.check(n).facts.hint);
  assert.deepEqual(shown, [HINTS[0], HINTS[1], HINTS[2], HINTS[2]]);
  assert.equal(ex.attempts, 4);
  assert.equal(ex.check("0xb861").facts.attempt, 5);
});

Deno.test("check() output never contains the answer, in text or HTML", () => {
  const ex = checksumExercise("no-leak");
  // (An answer is echoed back as the learner wrote it, so none of these is the answer.)
  for (const answer of [0xb860, 0xb862, "0xB86", "b86", 47200, TODO, "0x2b86"]) {
    const bundle = ex.check(answer)[DISPLAY]();
    for (const rendering of Object.values(bundle)) {
      assert.doesNotMatch(rendering, /b861|47201/i, `answer ${String(answer)}: ${rendering}`);
    }
  }
});

Deno.test("exercise() refuses hints or words that give the answer away", () => {
  assert.throws(
    () => exercise("leaky-hint", { prompt: "?", check: integer(0xb861), hints: ["It is 0xB861."] }),
    /hint 1 contains the answer "0xb861"/,
  );
  assert.throws(
    () => exercise("leaky-words", { prompt: "?", check: integer(47201), expected: "47201 or so" }),
    /expected contains the answer/,
  );
  // Short numbers are not policed (a hint may say "8 bits" when the answer is 8).
  exercise("short", { prompt: "?", check: integer(8), hints: ["A byte has 8 bits."] });
});

Deno.test("a placeholder answer says 'not answered yet' and does not count an attempt", () => {
  const ex = checksumExercise("placeholder");
  const result = ex.check(TODO);
  assert.equal(result.facts.status, "not-answered");
  assert.equal(result.facts.hint, undefined);
  assert.equal(ex.attempts, 0);
  assert.match(
    String(result),
    /^… placeholder: not answered yet\n {2}Problem: not answered yet: replace TODO/,
  );
});

Deno.test("failure 'throw' throws CheckFailed with the card's text and no stack frames", () => {
  const ex = checksumExercise("throwing", "throw");
  let caught: unknown;
  try {
    ex.check(0xb862);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof CheckFailed);
  assert.equal(caught.message, caught.result.text);
  assert.match(
    caught.message,
    /^✗ throwing: not yet \(attempt 1\)\n {2}Problem: your 47202 is off by one/,
  );
  assert.equal(caught.stack, `CheckFailed: ${caught.message}`);
  assert.equal(caught[DISPLAY]()["text/plain"], caught.message);
  assert.throws(() => ex.check(TODO), /not answered yet/); // missing answers fail the cell too
  assert.equal(ex.check(0xb861).passed, true); // a right answer returns the card
});

Deno.test("evaluate() neither throws nor counts", () => {
  const ex = checksumExercise("evaluate", "throw");
  assert.equal(ex.evaluate(1).passed, false);
  assert.equal(ex.evaluate(0xb861).passed, true);
  assert.equal(ex.attempts, 0);
});

Deno.test("the attempt count belongs to the id and survives redefinition", () => {
  resetAttempts("shared-id");
  const make = () =>
    exercise("shared-id", {
      prompt: "?",
      check: integer(8),
      hints: ["one", "two"],
      failure: "show",
    });
  make().check(1);
  assert.equal(make().check(2).facts.hint, "two"); // re-running the definition cell keeps the count
  resetAttempts("shared-id");
  assert.equal(make().attempts, 0);
});

Deno.test("showSolution() is gated by allowSolution", () => {
  resetAttempts("gated");
  const never = exercise("never", { prompt: "?", check: integer(4242), solution: 4242 });
  assert.doesNotMatch(String(never.showSolution()), /4242/);
  assert.match(String(never.showSolution()), /not released/);
  const after = exercise("gated", {
    prompt: "?",
    check: integer(4242),
    solution: "4242, because …",
    allowSolution: { afterAttempts: 2 },
    failure: "show",
  });
  after.check(1);
  assert.match(String(after.showSolution()), /opens after 2 attempts \(you have made 1\)/);
  after.check(2);
  assert.match(String(after.showSolution()), /^Solution to gated:\n4242, because …$/);
  const open = exercise("open-fn", {
    prompt: "?",
    check: integer(1),
    solution: function answer() {
      return 1;
    },
    allowSolution: true,
  });
  assert.match(String(open.showSolution()), /function answer\(\)/);
});

Deno.test("a custom check function may return true, false, a message, or throw", () => {
  const ex = exercise("custom", {
    prompt: "Pick a private /8.",
    check: (answer) => {
      if (typeof answer !== "string") throw new TypeError("answer.startsWith is not a function");
      return answer === "10.0.0.0/8" || "that is not the private /8";
    },
    failure: "show",
  });
  assert.equal(ex.evaluate("10.0.0.0/8").passed, true);
  assert.equal(ex.evaluate("11.0.0.0/8").facts.problem, "that is not the private /8");
  assert.match(ex.evaluate(5).facts.problem ?? "", /^checking your answer threw TypeError/);
  assert.equal(ex.evaluate(TODO).facts.status, "not-answered");
});

Deno.test("function exercises report a learner's exception as a friendly problem", () => {
  const ex = exercise("ones-sum", {
    prompt: "Write onesSum(words).",
    check: cases([{ args: [[1, 2]], expected: 3 }, { args: [[0xffff, 1]], expected: 1 }]),
    failure: "show",
  });
  const result = ex.evaluate((words: number[]) => {
    if (words[0] > 0xff) throw new RangeError("word too big");
    return words[0] + words[1];
  });
  assert.match(
    result.facts.problem ?? "",
    /^Your function threw RangeError: word too big while computing case 2/,
  );
});

Deno.test("exercise() validates its options and names the field", () => {
  assert.throws(() => exercise("", { prompt: "?", check: integer(1) }), TypeError);
  assert.throws(
    () => exercise("x", { prompt: "?", check: 5 as never }),
    /check must be a comparator/,
  );
  assert.throws(
    () => exercise("x", { prompt: "?", check: integer(1), failure: "loud" as never }),
    /failure must be one of "throw", "show"/,
  );
  assert.throws(
    () => exercise("x", { prompt: "?", check: integer(1), hint: ["typo"] } as never),
    /hint is not an option/,
  );
});

Deno.test("the cards escape HTML and show prompt, problem, details and hint", () => {
  const ex = exercise("html<id>", {
    prompt: "Give the route for <dst>.",
    check: ipv4Prefix("10.1.0.0/16"),
    hints: ["Compare <bits>."],
    failure: "show",
  });
  resetAttempts("html<id>");
  const html = ex.check("10.1.0.0/8")[DISPLAY]()["text/html"];
  assert.match(html, /html&#60;id&#62;/);
  assert.match(html, /Compare &#60;bits&#62;\./);
  assert.doesNotMatch(html, /<bits>|<id>/);
  assert.match(ex[DISPLAY]()["text/plain"], /^Exercise html<id>: Give the route for <dst>\./);
});
