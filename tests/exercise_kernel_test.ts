// Exercises in the real kernel: a notebook run through nbclient on the StackLab kernel
// (as `deno task execute` and graders do). A wrong answer must be an *error output* whose
// traceback is the friendly card text with no stack frames (a failing Deno.test would
// leave the cell "ok", see KERNEL-FACTS); a right answer and a `failure: "show"` check
// must be rich results; a homework sheet must display as its problem text.

import assert from "node:assert/strict";
import { executeFiles } from "@src/notebook/execute.ts";

const KERNEL = Deno.env.get("STACKLAB_CANARY_KERNEL") ?? "stacklab";

type Output = {
  output_type: string;
  ename?: string;
  evalue?: string;
  traceback?: string[];
  data?: Record<string, string | string[]>;
};

const join = (text: string | string[] | undefined) =>
  Array.isArray(text) ? text.join("") : text ?? "";

Deno.test("exercise checks in the kernel: red error on a wrong answer, a card otherwise", async () => {
  // Inside the repository (build/ is ignored) so the kernel finds deno.json's import map.
  const root = new URL("..", import.meta.url).pathname;
  await Deno.mkdir(`${root}build/scratch`, { recursive: true });
  const dir = await Deno.makeTempDir({ dir: `${root}build/scratch`, prefix: "exercise-kernel-" });
  const cell = (source: string) => ({
    cell_type: "code",
    metadata: {},
    source,
    outputs: [],
    execution_count: null,
  });
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      cell(
        'import { assign, exercise, integer, resetAttempts, TODO } from "../../../src/exercise/mod.ts";\n' +
          'import { checksum } from "../../../stack/homework/mod.ts";\nresetAttempts();',
      ),
      cell(
        'const ex = exercise("bits", { prompt: "Bits in a byte?", check: integer(8), hints: ["Count them."] });',
      ),
      cell("ex.check(7)"),
      cell("ex.check(0b1000)"),
      cell(
        'exercise("soft", { prompt: "Bits in a byte?", check: integer(8), failure: "show" }).check(TODO)',
      ),
      cell("assign(checksum, { seed: 7 })"),
    ],
  };
  try {
    await Deno.writeTextFile(`${dir}/exercise.ipynb`, JSON.stringify(notebook));
    const [report] = await executeFiles([`${dir}/exercise.ipynb`], {
      out: `${dir}/out`,
      kernel: KERNEL,
      allowErrors: true,
      timeout: 120,
    });
    assert.ok(report.ok, report.error ?? "");
    const cells: { outputs: Output[] }[] =
      JSON.parse(await Deno.readTextFile(report.executed)).cells;
    const outputs = cells.map((c) => c.outputs);
    assert.deepEqual(outputs[0].filter((o) => o.output_type === "error"), []);

    const [wrong] = outputs[2];
    assert.equal(wrong.output_type, "error");
    assert.equal(wrong.ename, "CheckFailed");
    assert.match(
      wrong.evalue ?? "",
      /^✗ bits: not yet \(attempt 1\)\n {2}Problem: your 7 is off by one\n/,
    );
    assert.match(wrong.evalue ?? "", /Hint: Count them\.$/);
    assert.ok(!(wrong.traceback ?? []).some((line) => /^\s+at /.test(line)), "no stack frames");

    const [right] = outputs[3];
    assert.equal(right.output_type, "execute_result");
    assert.equal(join(right.data?.["text/plain"]), "✓ bits: correct (attempt 2)");
    assert.match(join(right.data?.["text/html"]), /class="stacklab-check".*✓ bits/);

    const [soft] = outputs[4];
    assert.equal(soft.output_type, "execute_result");
    assert.match(join(soft.data?.["text/plain"]), /^… soft: not answered yet/);

    const [sheet] = outputs[5];
    assert.match(join(sheet.data?.["text/html"]), /^<pre[^>]*>ARG seed 7\nARG style running/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
