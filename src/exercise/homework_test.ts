import assert from "node:assert/strict";
import { Random } from "../sim/random.ts";
import {
  assign,
  defineHomework,
  formatArgs,
  homeworkOptions,
  HomeworkRegistry,
  seedFromLearner,
  z,
} from "./homework.ts";

const dice = defineHomework({
  name: "dice",
  description: "Sum some dice",
  options: z.object({
    count: z.number().int().min(1).max(6).default(2).describe("dice to roll"),
    sides: z.enum(["d6", "d20"]).default("d6").describe("kind of die"),
  }),
  generate: (seed, options) => {
    const random = new Random(seed).fork("dice");
    const sides = options.sides === "d6" ? 6 : 20;
    return { rolls: Array.from({ length: options.count }, () => random.int(1, sides)) };
  },
  solve: (problem) => problem.rolls.reduce((a, b) => a + b, 0),
  render: (problem, solution) =>
    `Rolls: ${problem.rolls.join(", ")}` + (solution === undefined ? "" : `\nSum: ${solution}`),
});

Deno.test("seedFromLearner() is FNV-1a 32 of the normalised id", () => {
  // FNV-1a 32 test vectors (Fowler/Noll/Vo): "a" → 0xe40c292c, "foobar" → 0xbf9cf968.
  assert.equal(seedFromLearner("a"), 0xe40c292c);
  assert.equal(seedFromLearner(" FooBar "), 0xbf9cf968);
  assert.throws(() => seedFromLearner(" "), TypeError);
});

Deno.test("assign() is deterministic per seed and learner, and differs between them", () => {
  assert.equal(assign(dice, { seed: 7 }).text(true), assign(dice, { seed: 7 }).text(true));
  assert.deepEqual(
    assign(dice, { learner: "ada" }).problem,
    assign(dice, { learner: "Ada" }).problem,
  );
  const texts = new Set(
    [1, 2, 3, 4, 5].map((seed) => assign(dice, { seed, options: { count: 6 } }).text()),
  );
  assert.equal(texts.size, 5);
  assert.equal(assign(dice, { learner: "ada" }).seed, seedFromLearner("ada"));
  assert.equal(assign(dice).seed, 0);
});

Deno.test("assign() echoes parameters first and shows answers only on request", () => {
  const sheet = assign(dice, { seed: 3, options: { count: 1 } });
  const [problem, answers] = [sheet.text(), sheet.text(true)];
  assert.match(problem, /^ARG seed 3\nARG count 1\nARG sides d6\n\nRolls: \d$/);
  assert.equal(answers, `${problem}\nSum: ${sheet.solution}`);
  assert.equal(String(sheet.answers()), answers);
  assert.match(sheet.answers().bundle["text/html"], /^<pre/);
});

Deno.test("homeworkOptions() fills defaults and names bad or unknown options", () => {
  assert.deepEqual(homeworkOptions(dice, {}), { count: 2, sides: "d6" });
  assert.throws(() => homeworkOptions(dice, { count: 9 }), /count must be ≤ 6 \(got 9\)/);
  assert.throws(() => homeworkOptions(dice, { sides: "d8" }), /sides must be one of "d6", "d20"/);
  assert.throws(
    () => homeworkOptions(dice, { colour: "red" }),
    /colour is not an option.*valid options: count, sides/,
  );
  assert.throws(() => assign(dice, { seed: -1 }), RangeError);
});

Deno.test("defineHomework() demands defaults and functions; the registry demands unique names", () => {
  const base = { name: "x", description: "x", generate: () => 0, solve: () => 0, render: () => "" };
  assert.throws(
    () => defineHomework({ ...base, options: z.object({ n: z.number() }) }),
    /needs a default/,
  );
  assert.throws(
    () => defineHomework({ ...base, options: z.object({}), solve: 5 as never }),
    /solve must be a function/,
  );
  assert.throws(() => new HomeworkRegistry([dice, dice]), /twice/);
  const registry = new HomeworkRegistry([dice]);
  assert.deepEqual(registry.list(), [dice]);
  assert.throws(
    () => registry.get("die"),
    /Unknown homework "die"; did you mean "dice"\? valid names: dice\./,
  );
});

Deno.test("formatArgs() gives the OSTEP echo lines", () => {
  assert.equal(formatArgs(0, { a: true }), "ARG seed 0\nARG a true");
  assert.equal(formatArgs(7, {}), "ARG seed 7");
});
