import assert from "node:assert/strict";
import { Random } from "../sim/random.ts";
import {
  describeOptions,
  loadRegistries,
  parseAssignments,
  registriesOf,
  runHomeworkCli,
} from "./cli.ts";
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
    [["ad"], /Unknown homework "ad"; did you mean "add"\? valid names: add, broken\./],
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

const chapterTwo = new HomeworkRegistry([
  defineHomework({
    name: "double",
    description: "Double a number",
    options: z.object({}),
    generate: (seed) => seed % 10,
    solve: (n: number) => 2 * n,
    render: (n: number, s?: number) => `2 × ${n} = ${s ?? "?"}`,
  }),
], { title: "Chapter 2: more" });

Deno.test("the CLI lists several registries under their titles and runs any of them", () => {
  const out: string[] = [];
  const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
  const titled = new HomeworkRegistry(registry.list(), { title: "Chapter 1: sums" });
  assert.equal(runHomeworkCli([titled, chapterTwo], [], io), 0);
  assert.match(
    out[0],
    /\n\nChapter 1: sums\n {2}add {5}Add two numbers\n[^]*\n\nChapter 2: more\n {2}double {2}Double a number$/,
  );
  out.length = 0;
  assert.equal(runHomeworkCli([titled, chapterTwo], ["double", "--seed", "7", "-c"], io), 0);
  assert.equal(out.join("\n"), "ARG seed 7\nARG compute true\n\n2 × 7 = 14");
  out.length = 0;
  assert.equal(runHomeworkCli([titled, chapterTwo], ["triple"], io), 2);
  assert.match(out[0], /valid names: add, broken, double\./);
});

Deno.test("the CLI refuses two chapters that use the same name", () => {
  const err: string[] = [];
  const code = runHomeworkCli([registry, registry], ["add"], {
    out: () => {},
    err: (t) => err.push(t),
  });
  assert.equal(code, 2);
  assert.match(err[0], /Cannot register homework add twice/);
});

Deno.test("a single registry without a title lists as before (no heading)", () => {
  const { out } = run();
  assert.match(out, /^Seeded homework generators\.\nusage: [^\n]*\n\n {2}add /);
});

Deno.test("registriesOf() prefers the homework export, else takes every registry", () => {
  assert.deepEqual(registriesOf({ homework: chapterTwo, other: registry }, "m.ts"), [chapterTwo]);
  assert.deepEqual(registriesOf({ a: registry, b: chapterTwo, c: registry }, "m.ts"), [
    registry,
    chapterTwo,
  ]);
  assert.throws(
    () => registriesOf({ homework: 1 }, "m.ts"),
    /Module m\.ts exports no HomeworkRegistry/,
  );
});

// Temp modules and subprocesses need -A (deno test -A); `deno test --doc` runs without it.
const canWrite = (await Deno.permissions.query({ name: "write" })).state === "granted";
const canRun = (await Deno.permissions.query({ name: "run" })).state === "granted";

Deno.test({
  name: "loadRegistries() imports chapter modules by path",
  ignore: !canWrite,
}, async () => {
  const dir = await Deno.makeTempDir();
  try {
    const homeworkUrl = new URL("./homework.ts", import.meta.url).href;
    await Deno.writeTextFile(
      `${dir}/chapter.ts`,
      `import { defineHomework, HomeworkRegistry, z } from "${homeworkUrl}";\n` +
        `export const homework = new HomeworkRegistry([defineHomework({ name: "one", ` +
        `description: "One", options: z.object({}), generate: () => 1, solve: () => 1, ` +
        `render: () => "1" })], { title: "Chapter 9" });\n`,
    );
    await Deno.writeTextFile(`${dir}/empty.ts`, "export const nothing = 1;\n");
    const [loaded] = await loadRegistries([`${dir}/chapter.ts`]);
    assert.equal(loaded.title, "Chapter 9");
    assert.ok(loaded instanceof HomeworkRegistry); // the same class: one copy of homework.ts
    await assert.rejects(loadRegistries([`${dir}/empty.ts`]), /exports no HomeworkRegistry/);
    await assert.rejects(loadRegistries([`${dir}/missing.ts`]), /Cannot load homework module/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "cli.ts as a program wants registry modules first and exits 2 without them",
  ignore: !canRun,
}, async () => {
  const cli = new URL("./cli.ts", import.meta.url).pathname;
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", cli, "add"],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(output.code, 2);
  assert.match(
    new TextDecoder().decode(output.stderr),
    /^homework: name the chapter registry modules first/,
  );
});
