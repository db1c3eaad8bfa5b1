// Chapter 1 homework end to end (chapters 2–4 are tested beside their generators): every registered generator is deterministic per seed,
// the command line prints what notebooks get, and an exercise built from a homework
// sheet checks a learner's answers against an independent oracle (stack/wire).

import assert from "node:assert/strict";
import {
  assertHomeworkContract,
  assign,
  cases,
  CheckFailed,
  exercise,
  integer,
  ipv4Prefix,
  resetAttempts,
  seedFromLearner,
  TODO,
} from "@src/exercise/mod.ts";
import { chapterOneHomework, checksum, subnetting } from "@stack/homework/mod.ts";
import { internetChecksum } from "@stack/wire/mod.ts";

const CLI = new URL("../stack/homework/cli.ts", import.meta.url).pathname;

async function run(args: string[]) {
  const output = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: new URL("..", import.meta.url).pathname,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
}

Deno.test("every chapter 1 generator: same seed → identical text, seeds and classmates differ", () => {
  assertHomeworkContract(chapterOneHomework);
});

Deno.test("homework -c prints parameters, the problem and answers, as a notebook sees them", async () => {
  const { code, stdout, stderr } = await run(["run", "-A", CLI, "subnetting", "--seed", "7", "-c"]);
  assert.equal(stderr, "");
  assert.equal(code, 0);
  const sheet = assign(subnetting, { seed: 7 });
  assert.match(
    stdout,
    /^ARG seed 7\nARG addresses 3\nARG routes 5\nARG destinations 4\nARG defaultRoute true\nARG compute true\n\n/,
  );
  assert.equal(stdout, sheet.text(true).replace("\n\n", "\nARG compute true\n\n") + "\n");
  for (const answer of sheet.solution.routes) {
    assert.ok(stdout.includes(`longest: ${answer.route ?? "none"} → ${answer.nextHop}`));
  }
});

Deno.test("deno task homework lists every chapter's generators; --learner is echoed", async () => {
  const listing = await run(["task", "--quiet", "homework"]);
  assert.equal(listing.code, 0, listing.stderr);
  const one = listing.stdout.indexOf("\nChapter 1: protocol layers\n");
  const two = listing.stdout.indexOf("\nChapter 2: virtualization\n");
  assert.ok(one > 0 && two > one, listing.stdout);
  for (const name of ["subnetting", "checksum", "tcp-seq"]) {
    const at = listing.stdout.search(new RegExp(`\\n  ${name} `));
    assert.ok(at > one && at < two, `${name} is listed under chapter 1`);
  }
  const three = listing.stdout.indexOf("\nChapter 3: containers\n");
  const four = listing.stdout.indexOf("\nChapter 4: scheduling\n");
  assert.ok(three > two && four > three, listing.stdout);
  const chapters: [string[], number, number][] = [
    [["vm-exits", "virtqueue", "batch-cost"], two, three],
    [["cgroup-throttle", "image-layers"], three, four],
    [["scheduler-scores", "topology-spread", "cni-ipam"], four, listing.stdout.length],
  ];
  for (const [names, from, to] of chapters) {
    for (const name of names) {
      const at = listing.stdout.search(new RegExp(`\\n  ${name} `));
      assert.ok(at > from && at < to, `${name} is listed under its chapter`);
    }
  }
  // The task runs chapter 1's generators exactly as stack/homework/cli.ts does.
  const viaTask = await run(["task", "--quiet", "homework", "checksum", "--seed", "7", "-c"]);
  const direct = await run(["run", "-A", CLI, "checksum", "--seed", "7", "-c"]);
  assert.equal(viaTask.code, 0, viaTask.stderr);
  assert.equal(viaTask.stdout, direct.stdout);
  const learner = await run(["run", "-A", CLI, "tcp-seq", "--learner", "ada"]);
  assert.match(
    learner.stdout,
    new RegExp(`^ARG learner ada\nARG seed ${seedFromLearner("ada")}\n`),
  );
  assert.match(learner.stdout, /running again with -c\.\n$/);
});

Deno.test("a bad option or name exits 2 with one clear message and no stack trace", async () => {
  const badOption = await run([
    "run",
    "-A",
    CLI,
    "checksum",
    "--seed",
    "7",
    "--option",
    "styel=deferred",
  ]);
  assert.equal(badOption.code, 2);
  assert.equal(badOption.stdout, "");
  assert.equal(
    badOption.stderr,
    'homework: Cannot generate checksum homework: styel is not an option (got "deferred"); ' +
      "valid options: style, damage\n",
  );
  const badValue = await run(["run", "-A", CLI, "tcp-seq", "--option", "segments=40"]);
  assert.equal(badValue.code, 2);
  assert.match(
    badValue.stderr,
    /^homework: Cannot generate tcp-seq homework: segments must be ≤ 12 \(got 40\)/,
  );
  const badName = await run(["run", "-A", CLI, "subnet"]);
  assert.equal(badName.code, 2);
  assert.match(badName.stderr, /valid names: subnetting, checksum, tcp-seq\./);
  for (const { stderr } of [badOption, badValue, badName]) {
    assert.doesNotMatch(stderr, /\n\s+at |Stack backtrace/);
  }
});

Deno.test("an exercise built from a checksum sheet accepts answers the wire oracle agrees with", () => {
  const sheet = assign(checksum, { learner: "ada", options: { damage: 0 } });
  const bytes = new Uint8Array(sheet.problem.words.flatMap((w) => [w >> 8, w & 0xff]));
  const expected = internetChecksum(bytes); // stack/wire, independent of the generator
  resetAttempts("checksum-by-hand");
  const ex = exercise("checksum-by-hand", {
    prompt: "Compute the header checksum of the header above.",
    check: integer(sheet.solution.checksum, { describe: "the checksum as a 16-bit number" }),
    hints: ["Add all ten words.", "Fold each carry back in.", "Complement the folded sum."],
  });
  assert.throws(
    () => ex.check(TODO),
    (e) => e instanceof CheckFailed && e.result.facts.status === "not-answered",
  );
  assert.throws(() => ex.check(expected ^ 1), /Hint: Add all ten words\./);
  assert.equal(ex.check(`0x${expected.toString(16)}`).passed, true);
  assert.equal(ex.attempts, 2);
});

Deno.test("a function exercise on a subnetting sheet reports the first wrong destination", () => {
  const sheet = assign(subnetting, { seed: 7 });
  const table = sheet.problem.routes;
  const ex = exercise("lpm-function", {
    prompt: "Write longestMatch(destination) returning the matching prefix.",
    check: cases(
      sheet.solution.routes.map((r) => ({ args: [r.destination], expected: ipv4Prefix(r.route!) })),
      {
        name: "longestMatch",
      },
    ),
    failure: "show",
  });
  // A learner who takes the first matching entry instead of the longest one.
  const firstMatch = (destination: string) => {
    const value = destination.split(".").reduce((a, b) => a * 256 + Number(b), 0);
    return table.find((route) => {
      const [network, length] = route.prefix.split("/");
      const base = network.split(".").reduce((a, b) => a * 256 + Number(b), 0);
      const size = 2 ** (32 - Number(length));
      return Math.floor(value / size) === Math.floor(base / size);
    })?.prefix;
  };
  const result = ex.evaluate(firstMatch);
  assert.equal(result.passed, false);
  assert.match(
    result.facts.problem ?? "",
    /^case \d of 4: longestMatch\("[\d.]+"\) returned "[\d./]+", expected a network prefix/,
  );
  const crashing = ex.evaluate((d: string) => d.split(".")[7].length);
  assert.match(
    crashing.facts.problem ?? "",
    /^Your function threw TypeError: .* while computing case 1 \(input longestMatch\("/,
  );
});
