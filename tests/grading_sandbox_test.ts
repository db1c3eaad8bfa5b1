/**
 * The grading sandbox, question by question: a learner's answer cells try
 * each forbidden thing and record what happened; the (locked) test cell of
 * each question asserts it was denied. Graded in the sandbox, every question
 * scores; graded with `sandbox: false`, the same submission loses every
 * question whose denial comes from the sandbox — so each check can fail.
 */

import assert from "node:assert/strict";
import {
  createMemoryCgroup,
  gradeSubmissions,
  removeCgroup,
  type SubmissionResult,
} from "@src/grading/mod.ts";
import { REPO } from "@src/setup/kernelspec.ts";
import type { Notebook, NotebookCell } from "@src/notebook/execute.ts";

const root = `${Deno.env.get("TMPDIR") ?? "/tmp"}/stacklab-sandbox-test-${Deno.pid}`;
const SOURCE = `${root}/source/probe.ipynb`;
const OTHER = `${root}/submissions/bob/probe.ipynb`;
const HOST_TMP = `${root}/host-tmp-probe.txt`;
const REPO_PROBE = `${REPO}/.grading-probe.txt`;
const SECRET = "STACKLAB_GRADING_SECRET";

interface Probe {
  id: string;
  /** The learner's code: leaves its outcome in a global. */
  attempt: string;
  /** The test: passes only when the attempt was denied. */
  test: string;
}

const outcome = (name: string, body: string) =>
  `var ${name} = "allowed";\ntry {\n  ${body}\n} catch (e) {\n  ${name} = (e as Error).name + ": " + (e as Error).message;\n}\nconsole.log(${name});`;

function probes(port: number): Probe[] {
  return [
    {
      id: "read-hidden-tests",
      attempt: outcome("readSource", `Deno.readTextFileSync(${JSON.stringify(SOURCE)});`),
      test: "assert.match(readSource, /^NotFound/);",
    },
    {
      id: "read-other-learner",
      attempt: outcome("readOther", `Deno.readTextFileSync(${JSON.stringify(OTHER)});`),
      test: "assert.match(readOther, /^NotFound/);",
    },
    {
      id: "host-network",
      attempt: outcome(
        "hostNet",
        `(await Deno.connect({ hostname: "127.0.0.1", port: ${port} })).close();`,
      ),
      test: "assert.match(hostNet, /^ConnectionRefused/);",
    },
    {
      id: "internet",
      attempt: outcome(
        "internet",
        `(await Deno.connect({ hostname: "1.1.1.1", port: 53 })).close();`,
      ),
      test: "assert.match(internet, /^NetworkUnreachable/);",
    },
    {
      id: "write-repo",
      attempt: outcome("writeRepo", `Deno.writeTextFileSync(${JSON.stringify(REPO_PROBE)}, "x");`),
      test: "assert.match(writeRepo, /Read-only file system/);",
    },
    {
      id: "write-host-tmp",
      attempt: outcome("writeTmp", `Deno.writeTextFileSync(${JSON.stringify(HOST_TMP)}, "x");`),
      test: "assert.match(writeTmp, /^NotFound/);",
    },
    {
      id: "spawn",
      attempt: outcome("spawn", 'new Deno.Command("true").outputSync();'),
      test: "assert.match(spawn, /^PermissionDenied.*Operation not permitted/);",
    },
    {
      id: "no-privileges",
      attempt:
        'var caps = Deno.readTextFileSync("/proc/self/status").match(/CapEff:\\s*(\\w+)/)![1] + " uid " + Deno.uid();',
      // As root the grader runs the sandbox as nobody; otherwise as the grader's own user.
      test: `assert.equal(caps, "0000000000000000 uid ${Deno.uid() === 0 ? 65534 : Deno.uid()}");`,
    },
    {
      id: "proc-sys-read-only",
      // Writes back the value already there, so even the unsandboxed run changes nothing.
      attempt: outcome(
        "procSys",
        'const file = "/proc/sys/kernel/printk_ratelimit";\n  Deno.writeTextFileSync(file, Deno.readTextFileSync(file));',
      ),
      test: "assert.match(procSys, /^(PermissionDenied|Error: Read-only)/);",
    },
    {
      id: "unmount-mask",
      attempt: outcome(
        "unmount",
        [
          'const libc = Deno.dlopen("libc.so.6", { umount2: { parameters: ["buffer", "i32"], result: "i32" } });',
          `const code = libc.symbols.umount2(new TextEncoder().encode(${
            JSON.stringify(`${REPO}/tests`)
          } + "\\0"), 2);`,
          `Deno.statSync(${JSON.stringify(`${REPO}/tests/grading_sandbox_test.ts`)});`,
          'unmount = "umount2 " + code + ", hidden tests visible";',
        ].join("\n  "),
      ),
      test: "assert.match(unmount, /^NotFound/);",
    },
    {
      id: "front-memory",
      attempt: outcome(
        "frontMemory",
        [
          'const front = [...Deno.readDirSync("/proc")].map((e) => e.name).filter((pid) =>',
          "  /^\\d+$/.test(pid) && Number(pid) !== Deno.pid &&",
          '  Deno.readTextFileSync(`/proc/${pid}/comm`).trim() === "deno");',
          'if (front.length === 0) throw new Error("no front process found");',
          "Deno.openSync(`/proc/${front[0]}/mem`).close();",
        ].join("\n  "),
      ),
      test: "assert.match(frontMemory, /^PermissionDenied/);",
    },
    {
      id: "pid-namespace",
      attempt:
        'var pids = [...Deno.readDirSync("/proc")].filter((e) => /^\\d+$/.test(e.name)).length;\nconsole.log(pids);',
      test: "assert.ok(pids < 10, `${pids} processes visible`);",
    },
    {
      id: "environment",
      attempt: `var secret = Deno.env.get(${JSON.stringify(SECRET)}) ?? "absent";`,
      test: 'assert.equal(secret, "absent");',
    },
    {
      id: "memory-limit",
      // 640 MiB of typed arrays, outside V8's heap: only the cgroup limit (256 MiB) stops it.
      attempt:
        "var hogged = false;\nconst blocks = [];\nfor (let i = 0; i < 10; i++) blocks.push(new Uint8Array(64 * 1024 * 1024).fill(1));\nhogged = true;",
      test: 'assert.equal(typeof hogged, "undefined");',
    },
    {
      id: "threads-still-work",
      attempt:
        'var fromWorker = await new Promise((resolve) => {\n  const w = new Worker("data:text/javascript,postMessage(6*7)", { type: "module" });\n  w.onmessage = (m) => { resolve(m.data); w.terminate(); };\n});',
      test: "assert.equal(fromWorker, 42);",
    },
  ];
}

const meta = (fields: Record<string, unknown>) => ({
  nbgrader: { schema_version: 3, grade: false, solution: false, locked: false, ...fields },
});
const code = (source: string, metadata: Record<string, unknown>): NotebookCell => ({
  cell_type: "code",
  metadata,
  source,
  outputs: [],
  execution_count: null,
});

function notebook(list: Probe[], answers: boolean): Notebook {
  const cells = list.flatMap((p) => [
    code(
      answers ? p.attempt : "// BEGIN SOLUTION\n// END SOLUTION",
      meta({ solution: true, grade_id: `${p.id}-answer` }),
    ),
    code(
      `import assert from "node:assert/strict";\n${p.test}`,
      meta({ grade: true, locked: true, grade_id: p.id, points: 1 }),
    ),
  ]);
  return { nbformat: 4, nbformat_minor: 5, metadata: {}, cells };
}

async function grade(sandbox: boolean): Promise<SubmissionResult> {
  const [result] = await gradeSubmissions(`${root}/submissions-${sandbox}`, {
    source: SOURCE,
    out: `${root}/grades-${sandbox}`,
    cellTimeout: 5,
    memoryMiB: 256,
    sandbox,
  });
  return result;
}

Deno.test({
  name: "sandbox: each forbidden action is denied, and only the sandbox denies it",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await Deno.remove(root, { recursive: true }).catch(() => {});
    await Deno.mkdir(root);
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (listener.addr as Deno.NetAddr).port;
    (async () => {
      for await (const conn of listener) conn.close();
    })().catch(() => {});
    const list = probes(port);
    await Deno.mkdir(`${root}/source`);
    await Deno.writeTextFile(SOURCE, JSON.stringify(notebook(list, false)));
    for (const sandbox of [true, false]) {
      await Deno.mkdir(`${root}/submissions-${sandbox}/alice`, { recursive: true });
      const alice = notebook(list, true);
      await Deno.writeTextFile(
        `${root}/submissions-${sandbox}/alice/probe.ipynb`,
        JSON.stringify(alice),
      );
    }
    await Deno.mkdir(`${root}/submissions/bob`, { recursive: true });
    await Deno.writeTextFile(OTHER, "{}");
    Deno.env.set(SECRET, "hunter2");
    let sandboxed: SubmissionResult, open: SubmissionResult;
    try {
      [sandboxed, open] = await Promise.all([grade(true), grade(false)]);
    } finally {
      Deno.env.delete(SECRET);
      listener.close();
      await Deno.remove(REPO_PROBE).catch(() => {});
    }
    const score = (result: SubmissionResult) =>
      Object.fromEntries(result.questions.map((q) => [q.gradeId, q.score]));
    // Whether this machine lets the grader create memory cgroups at all.
    const probe = await createMemoryCgroup("stacklab-cgroup-probe", 64);
    const cgroups = probe !== undefined;
    await removeCgroup(probe);

    await t.step("in the sandbox every denial holds (each question scores)", () => {
      const expected = Object.fromEntries(list.map((p) => [p.id, 1]));
      if (!cgroups) expected["memory-limit"] = 0; // no memory cgroup here: only V8's heap limit
      assert.deepEqual(score(sandboxed), expected, JSON.stringify(sandboxed.questions, null, 1));
    });
    await t.step("without the sandbox the same attempts succeed (the checks can fail)", () => {
      const expected: Record<string, number | null> = Object.fromEntries(
        list.map((p) => [p.id, 0]),
      );
      expected["threads-still-work"] = 1; // the control: threads work everywhere
      // Whether the host itself reaches the internet depends on the machine.
      expected.internet = score(open).internet;
      assert.deepEqual(score(open), expected, JSON.stringify(open.questions, null, 1));
    });
    await t.step("the memory hog was killed, and the feedback says so", () => {
      if (!cgroups) return;
      const memory = sandboxed.questions.find((q) => q.gradeId === "memory-limit")!;
      assert.deepEqual(memory.reasons, ["your answer cell memory-limit-answer crashed the kernel"]);
      assert.ok(sandboxed.restarts >= 1);
    });
    if (!Deno.env.get("STACKLAB_KEEP_GRADING")) await Deno.remove(root, { recursive: true });
  },
});

Deno.test({
  name: "sandbox: the wall limit stops a slow submission, endless output is truncated",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "stacklab-wall-test-" });
    // The third answer would sleep for ten minutes; the wall limit (20 s, generous so a loaded
    // machine still runs the first two answers) stops it long before the 300 s cell timeout.
    // The first answer also prints 4 MB, more than the grader keeps (1 MB per cell).
    const slow = (n: number) =>
      (n === 1 ? 'for (let i = 0; i < 20_000; i++) console.log("x".repeat(200));\n' : "") +
      `await new Promise((resolve) => setTimeout(resolve, ${n === 3 ? 600_000 : 10}));\n` +
      `function f${n}() {\n  return ${n};\n}`;
    const make = (answers: boolean): Notebook => ({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [1, 2, 3].flatMap((n) => [
        code(
          answers ? slow(n) : "// BEGIN SOLUTION\n// END SOLUTION",
          meta({ solution: true, grade_id: `a${n}` }),
        ),
        code(
          `import assert from "node:assert/strict";\nassert.equal(f${n}(), ${n});`,
          meta({ grade: true, locked: true, grade_id: `q${n}`, points: 1 }),
        ),
      ]),
    });
    await Deno.mkdir(`${dir}/source`);
    await Deno.writeTextFile(`${dir}/source/slow.ipynb`, JSON.stringify(make(false)));
    await Deno.mkdir(`${dir}/in/carol`, { recursive: true });
    await Deno.writeTextFile(`${dir}/in/carol/slow.ipynb`, JSON.stringify(make(true)));
    try {
      const [result] = await gradeSubmissions(`${dir}/in`, {
        source: `${dir}/source/slow.ipynb`,
        out: `${dir}/out`,
        cellTimeout: 300,
        wallSeconds: 20,
        separateFeedbackRun: false,
      });
      const scores = result.questions.map((q) => q.score);
      assert.deepEqual(scores, [1, 1, 0], JSON.stringify(result.questions));
      assert.deepEqual(result.questions[2].reasons, [
        "your answer cell a3 was stopped at the submission's time limit",
        "not run (time limit)",
      ]);
      const executed = await Deno.readTextFile(`${dir}/out/executed/carol.ipynb`);
      assert.ok(executed.length < 1_500_000, `executed notebook is ${executed.length} bytes`);
      assert.match(executed, /\[grader: output truncated\]/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
