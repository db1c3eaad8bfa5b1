import assert from "node:assert/strict";
import { Random } from "../sim/random.ts";
import { describeOptions, parseAssignments, runHomeworkCli } from "./cli.ts";
import { defineHomework, HomeworkRegistry, seedFromLearner, z } from "./homework.ts";

const registry = new HomeworkRegistry([
  defineHomework({
    name: "add",
    description: "Add two numbers",
    options: z.object({ max: z.number().int().min(1).default(9).describe("largest number") }),
    generate: (seed, options) => {
      const random = new Random(seed).fork("add");
      return { a: random.int(0, options.max), b: random.int(0, options.max) };
    },
    solve: (p) => p.a + p.b,
    render: (p, s) => `${p.a} + ${p.b} = ${s ?? "?"}`,
  }),
  defineHomework({
    name: "broken",
    description: "A generator with a bug",
    options: z.object({}),
    generate: () => (null as unknown as { x: number }).x,
    solve: () => 0,
    render: () => "",
  }),
]);

function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runHomeworkCli(registry, args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

Deno.test("the CLI lists generators and their options without arguments", () => {
  const { code, out } = run();
  assert.equal(code, 0);
  assert.match(out, /^Seeded homework generators\.\nusage: deno task homework/);
  assert.match(out, /\n {2}add {5}Add two numbers\n +--option max=9 +largest number/);
});

Deno.test("the CLI echoes parameters, then the problem, then (with -c) the answer", () => {
  const plain = run("add", "--seed", "7");
  assert.equal(plain.code, 0);
  assert.match(plain.out, /^ARG seed 7\nARG max 9\nARG compute false\n\n\d \+ \d = \?\n\nWork out/);
  const answers = run("add", "-s", "7", "-c", "--option", "max=99");
  assert.match(answers.out, /^ARG seed 7\nARG max 99\nARG compute true\n\n(\d+) \+ (\d+) = (\d+)$/);
  const [, a, b, sum] = /(\d+) \+ (\d+) = (\d+)$/.exec(answers.out)!;
  assert.equal(Number(a) + Number(b), Number(sum));
  assert.equal(run("add", "-s", "7", "-c", "-o", "max=99").out, answers.out);
});

Deno.test("the CLI derives the seed from --learner and echoes both", () => {
  const { out } = run("add", "--learner", "ada");
  assert.match(out, new RegExp(`^ARG learner ada\nARG seed ${seedFromLearner("ada")}\n`));
});

Deno.test("the CLI exits 2 with one clear line for bad names, flags, seeds and options", () => {
  const cases: [string[], RegExp][] = [
    [["ad"], /Unknown homework "ad"; valid names: add, broken\./],
    [["add", "--colour"], /unknown or incomplete flag --colour; valid flags: --seed/],
    [["add", "--seed", "-3"], /unknown or incomplete flag|--seed must be a whole number/],
    [["add", "--seed", "seven"], /--seed must be a whole number ≥ 0: got "seven"/],
    [["add", "--option", "mx=3"], /mx is not an option \(got 3\); valid options: max/],
    [["add", "--option", "max=0"], /max must be ≥ 1 \(got 0\)/],
    [["add", "--option", "max"], /--option expects key=value/],
    [["add", "--seed", "1", "--learner", "ada"], /either --seed or --learner/],
    [["add", "extra"], /Expected one homework name, got 2/],
  ];
  for (const [args, pattern] of cases) {
    const { code, out, err } = run(...args);
    assert.equal(code, 2, args.join(" "));
    assert.equal(out, "");
    assert.match(err, pattern, args.join(" "));
    assert.doesNotMatch(err, /\n\s+at /); // no stack trace
  }
});

Deno.test("the CLI exits 1 (not 2) when a generator itself fails", () => {
  const { code, err } = run("broken");
  assert.equal(code, 1);
  assert.match(err, /the generator failed \(a bug, not your input\): .*null/);
});

Deno.test("parseAssignments() keeps text that is not a number or boolean", () => {
  assert.deepEqual(parseAssignments(["a=1e3", "b=", "c=x=y", "d=TRUE"]), {
    a: 1000,
    b: "",
    c: "x=y",
    d: "TRUE",
  });
});

Deno.test("describeOptions() lists defaults, descriptions and enum choices", () => {
  assert.deepEqual(describeOptions(registry.get("add")), [
    { name: "max", default: 9, description: "largest number" },
  ]);
  const modes = defineHomework({
    name: "modes",
    description: "x",
    options: z.object({ mode: z.enum(["a", "b"]).default("b") }),
    generate: () => 0,
    solve: () => 0,
    render: () => "",
  });
  assert.deepEqual(describeOptions(modes), [{
    name: "mode",
    default: "b",
    description: "",
    choices: ["a", "b"],
  }]);
  const out: string[] = [];
  runHomeworkCli(new HomeworkRegistry([modes]), [], { out: (t) => out.push(t), err: () => {} });
  assert.match(out.join(""), /--option mode=b +\(a \| b\)/);
});
