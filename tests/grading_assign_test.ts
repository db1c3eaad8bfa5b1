/**
 * `assign`, `restore` and scoring on the 10-question fixture (no kernel
 * needed): what learners receive, what the validator rejects, how a mangled
 * submission is rebuilt on its source before grading, and how executed cells
 * turn into scores.
 */

import assert from "node:assert/strict";
import {
  assign,
  assignCommand,
  AssignmentError,
  computeChecksum,
  feedbackHtml,
  gradesCsv,
  isolateTests,
  type NbgraderMetadata,
  restoreSubmission,
  scoreExecuted,
  validateSource,
} from "@src/grading/mod.ts";
import type { Notebook, NotebookCell } from "@src/notebook/execute.ts";

const FIXTURES = new URL("./fixtures/grading/", import.meta.url).pathname;
const source: Notebook = JSON.parse(await Deno.readTextFile(`${FIXTURES}source/hw.ipynb`));
const text = (cell: NotebookCell) =>
  Array.isArray(cell.source) ? cell.source.join("") : cell.source;
const nb = (cell: NotebookCell) => cell.metadata.nbgrader as NbgraderMetadata;
const byId = (notebook: Notebook, id: string) =>
  notebook.cells.find((c) => nb(c)?.grade_id === id)!;

Deno.test("assign() stubs solutions inside the function body and keeps the signature", () => {
  const release = assign(source);
  assert.equal(
    text(byId(release, "q07-answer")),
    'function countBits(n: number): number {\n  // YOUR CODE HERE\n  throw new Error("not implemented yet");\n}',
  );
  for (const cell of release.cells) assert.doesNotMatch(text(cell), /BEGIN SOLUTION|END SOLUTION/);
});

Deno.test("assign() removes hidden tests, keeps visible ones and counts the hidden regions", () => {
  const release = assign(source);
  const tests = byId(release, "q10-tests");
  assert.equal(text(tests), 'import assert from "node:assert/strict";\nassert.equal(fib(10), 55);');
  assert.deepEqual(tests.metadata.stacklab, { hidden_tests: 1 });
  const all = release.cells.map(text).join("\n");
  assert.doesNotMatch(all, /HIDDEN|6765|167772161/);
});

Deno.test("assign() clears outputs, locks non-answer cells and records nbgrader metadata", () => {
  const withOutputs: Notebook = structuredClone(source);
  withOutputs.cells[2].outputs = [{ output_type: "stream", name: "stdout", text: "answer!" }];
  withOutputs.cells[2].execution_count = 3;
  const release = assign(withOutputs);
  assert.equal(release.cells.length, source.cells.length);
  for (const cell of release.cells) {
    if (cell.cell_type === "code") {
      assert.deepEqual([cell.outputs, cell.execution_count], [[], null]);
    }
    assert.equal(cell.metadata.deletable, false);
    const meta = nb(cell);
    assert.equal(cell.metadata.editable, meta.solution ? undefined : false);
    // nbgrader's v3 schema: required keys, no others, types, id pattern, checksum length.
    const allowed = [
      "schema_version",
      "grade",
      "locked",
      "solution",
      "task",
      "grade_id",
      "points",
      "checksum",
      "cell_type",
    ];
    assert.deepEqual(Object.keys(meta).filter((key) => !allowed.includes(key)), []);
    assert.equal(meta.schema_version, 3);
    for (const key of ["grade", "locked", "solution"] as const) {
      assert.equal(typeof meta[key], "boolean");
    }
    assert.match(meta.grade_id!, /^[a-zA-Z0-9_\-]*$/);
    assert.match(meta.checksum!, /^[0-9a-f]{32}$/);
    assert.equal(meta.cell_type, cell.cell_type);
    if (meta.grade) assert.ok(typeof meta.points === "number" && meta.points >= 0);
  }
});

Deno.test("the committed release is exactly assign(source)", async () => {
  const committed = JSON.parse(await Deno.readTextFile(`${FIXTURES}release/hw.ipynb`));
  assert.deepEqual(committed, assign(source));
});

const bad = (...cells: [string, Partial<NbgraderMetadata> | undefined][]): Notebook => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: cells.map(([src, meta]) => ({
    cell_type: "code",
    source: src,
    metadata: meta
      ? { nbgrader: { schema_version: 3, grade: false, solution: false, locked: false, ...meta } }
      : {},
  })),
});

Deno.test("validateSource() names the cell and line of every problem", () => {
  const problems = validateSource(bad(
    ["x", { solution: true, grade_id: "a" }],
    ["y", { grade: true, grade_id: "a", points: 1 }],
    ["function f() {\n  // BEGIN SOLUTION\n  return 1;\n}", { solution: true, grade_id: "b" }],
    ["ok()\n// BEGIN HIDDEN TESTS\nok()", { grade: true, grade_id: "c", points: 1 }],
    ["ok()", { grade: true, grade_id: "d" }],
    ["// END SOLUTION", { solution: true, grade_id: "e" }],
    ["// BEGIN HIDDEN TESTS\n// END HIDDEN TESTS", undefined],
    ["// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION", { solution: true, grade_id: "f g" }],
  ));
  assert.ok(problems.every((p) => p instanceof AssignmentError && p instanceof SyntaxError));
  assert.deepEqual(problems.map((p) => p.message), [
    'Cell 1: duplicate grade_id "a" (first used by cell 0)',
    "Cell 2, line 2: BEGIN SOLUTION is never closed",
    "Cell 3, line 2: BEGIN HIDDEN TESTS is never closed",
    'Cell 4: grade cell "d" has points undefined; give it a number ≥ 0',
    "Cell 5, line 1: END SOLUTION without BEGIN SOLUTION",
    "Cell 6, line 1: hidden tests in a cell that is not a grade cell",
    'Cell 7: grade_id "f g" must match ^[a-zA-Z0-9_\\-]*$',
    "Cell 7, line 2: nested BEGIN SOLUTION (open since line 1)",
  ]);
  assert.throws(() => assign(bad(["x", { grade: true, grade_id: "p", points: -1 }])), {
    name: "AssignmentError",
    message: 'Cell 0: grade cell "p" has points -1; give it a number ≥ 0',
  });
});

Deno.test("assignCommand() writes the release folder and fails on a bad source", async () => {
  const out = await Deno.makeTempDir();
  assert.equal(await assignCommand([`${FIXTURES}source`, "--out", out]), 0);
  assert.deepEqual(JSON.parse(await Deno.readTextFile(`${out}/hw.ipynb`)), assign(source));
  const broken = `${out}/broken.ipynb`;
  await Deno.writeTextFile(
    broken,
    JSON.stringify(bad(["// BEGIN SOLUTION", { solution: true, grade_id: "z" }])),
  );
  const errors: string[] = [];
  const original = console.error;
  console.error = (line: string) => errors.push(line);
  try {
    assert.equal(await assignCommand([broken, "--out", `${out}/r`]), 1);
  } finally {
    console.error = original;
  }
  assert.deepEqual(errors, [`${broken}: Cell 0, line 1: BEGIN SOLUTION is never closed`]);
  await Deno.remove(out, { recursive: true });
});

Deno.test("restoreSubmission() rebuilds deleted, moved, duplicated and edited cells from the source", async () => {
  const chaotic = JSON.parse(await Deno.readTextFile(`${FIXTURES}submissions/correct-02/hw.ipynb`));
  const { notebook, notes } = restoreSubmission(source, chaotic);
  assert.deepEqual(notes.toSorted(), [
    "cell q01-tests: deleted, restored",
    "cell q03-tests: duplicate removed",
    "cell q04-tests: edited source restored",
    "cell q05-tests: metadata restored",
    "cell q06-tests: metadata restored",
    "cell q07-tests: deleted, restored",
    "cells moved: source order restored",
  ]);
  const roles = notebook.cells.map((c) => (c.metadata.stacklab as { role: string }).role);
  // 1 intro + 10 × (prompt, answer, test, hidden) + the stripped q07 test kept as a scratch cell.
  assert.equal(roles.length, 1 + 10 * 4 + 1);
  assert.equal(roles.filter((r) => r === "scratch").length, 1);
  const q05 = notebook.cells.find((c) => nb(c)?.grade_id === "q05-tests")!;
  assert.equal(nb(q05).points, 2);
  const q04 = notebook.cells.filter((c) =>
    (c.metadata.stacklab as { grade_id?: string }).grade_id === "q04-tests"
  );
  assert.deepEqual(q04.map((c) => (c.metadata.stacklab as { role: string }).role), [
    "test",
    "hidden",
  ]);
  assert.match(text(q04[0]), /assert\.equal\(hostsInPrefix\(24\), 254\);/);
  assert.match(text(q04[1]), /assert\.equal\(hostsInPrefix\(30\), 2\);/);
  // The learner's answers are kept.
  assert.equal(
    text(notebook.cells.find((c) => nb(c)?.grade_id === "q01-answer")!),
    text(byId(chaotic, "q01-answer")),
  );
});

Deno.test("restoreSubmission() falls back to the stub for a deleted answer", () => {
  const release = assign(source);
  const deleted = {
    ...release,
    cells: release.cells.filter((c) => nb(c).grade_id !== "q02-answer"),
  };
  const { notebook, notes } = restoreSubmission(source, deleted);
  assert.ok(notes.includes("cell q02-answer: deleted, restored"));
  assert.match(
    text(notebook.cells.find((c) => nb(c)?.grade_id === "q02-answer")!),
    /not implemented yet/,
  );
});

Deno.test("isolateTests() turns imports into block-scoped constants in every part", () => {
  const parts = isolateTests([
    'import assert from "node:assert/strict";',
    'import * as path from "node:path";',
    'import { equal, ok as truthy } from "node:assert";',
    'import type { Foo } from "./foo.ts";',
    "equal(1, 1);",
    "// BEGIN HIDDEN TESTS",
    "truthy(path.sep);",
    "// END HIDDEN TESTS",
  ].join("\n"));
  const header = [
    "{",
    'const { default: assert } = await import("node:assert/strict");',
    'const path = await import("node:path");',
    'const { equal, ok: truthy } = await import("node:assert");',
  ].join("\n");
  assert.deepEqual(parts, [
    { hidden: false, source: `${header}\nequal(1, 1);\n}` },
    { hidden: true, source: `${header}\ntruthy(path.sep);\n}` },
  ]);
  // A multi-line import cannot be rewritten: the parts are left unwrapped.
  assert.deepEqual(isolateTests("import {\n  a,\n} from 'm';\na();"), [
    { hidden: false, source: "import {\n  a,\n} from 'm';\na();" },
  ]);
});

Deno.test("scoreExecuted() flags manually graded answers and scores code tests", () => {
  const essay: NotebookCell = {
    cell_type: "markdown",
    source: "YOUR ANSWER HERE",
    metadata: {
      nbgrader: {
        schema_version: 3,
        grade: true,
        solution: true,
        locked: false,
        grade_id: "essay",
        points: 3,
      },
      stacklab: { role: "answer", grade_id: "essay" },
    },
  };
  (essay.metadata.nbgrader as NbgraderMetadata).checksum = computeChecksum(essay);
  const answered = { ...structuredClone(essay), source: "Because the checksum covers the header." };
  const test: NotebookCell = {
    cell_type: "code",
    source: "{\nassert.ok(true)\n}",
    metadata: {
      nbgrader: {
        schema_version: 3,
        grade: true,
        solution: false,
        locked: true,
        grade_id: "t",
        points: 2,
      },
      stacklab: { role: "test", grade_id: "t" },
    },
    outputs: [],
  };
  const notebook = (cells: NotebookCell[]): Notebook => ({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells,
  });
  const ok = [{ status: "ok" as const, seconds: 0 }, { status: "ok" as const, seconds: 0 }];
  // An unchanged manual answer scores 0 (nbgrader's checksum rule); a changed one needs a person.
  assert.deepEqual(
    scoreExecuted(notebook([essay, test]), ok, 10).map((q) => [q.gradeId, q.score, q.manual]),
    [["essay", 0, false], ["t", 2, false]],
  );
  const questions = scoreExecuted(notebook([answered, test]), ok, 10);
  assert.deepEqual(questions.map((q) => [q.gradeId, q.score, q.manual]), [["essay", null, true], [
    "t",
    2,
    false,
  ]]);
  const result = {
    student: "ada",
    questions,
    total: 2,
    maxTotal: 5,
    notes: [],
    restarts: 0,
    seconds: 1,
  };
  assert.equal(gradesCsv([result]), "student,essay,t,total,max\nada,,2,2,5\n");
  assert.match(feedbackHtml(result), /<td>essay<\/td><td>to be graded by hand<\/td>/);
  // A test cell that timed out scores 0 whatever its outputs say.
  const timedOut = scoreExecuted(notebook([answered, test]), [ok[0], {
    status: "timeout",
    seconds: 10,
  }], 10);
  assert.deepEqual(timedOut[1].reasons, ["timed out after 10 s"]);
  assert.equal(timedOut[1].score, 0);
});
