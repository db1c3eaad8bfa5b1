/**
 * nbgrader compatibility of `src/grading/metadata.ts`, checked against an
 * independent oracle: nbgrader's `compute_checksum` transcribed to Python
 * (`tests/fixtures/grading/nbgrader_checksum.py`; nbgrader itself is not
 * installable here), `md5sum`, and Python's own `str(float(x))`.
 */

import assert from "node:assert/strict";
import {
  assign,
  computeChecksum,
  determineGrade,
  type NbgraderMetadata,
  pythonFloat,
} from "@src/grading/mod.ts";
import { jupyterPython, type Notebook, type NotebookCell } from "@src/notebook/execute.ts";

const ORACLE = new URL("./fixtures/grading/nbgrader_checksum.py", import.meta.url).pathname;
const SOURCE = new URL("./fixtures/grading/source/hw.ipynb", import.meta.url).pathname;

async function python(args: string[], stdin: string): Promise<string[]> {
  const child = new Deno.Command(jupyterPython(), {
    args: [ORACLE, ...args],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(stdin));
  await writer.close();
  const output = await child.output();
  assert.ok(output.success, new TextDecoder().decode(output.stderr));
  return new TextDecoder().decode(output.stdout).trim().split("\n");
}

const meta = (fields: Partial<NbgraderMetadata>): NbgraderMetadata => ({
  schema_version: 3,
  grade: false,
  solution: false,
  locked: false,
  ...fields,
});

const CELLS: NotebookCell[] = [
  {
    cell_type: "code",
    source: "x = 1",
    metadata: { nbgrader: meta({ grade: true, grade_id: "t", points: 2 }) },
  },
  {
    cell_type: "code",
    source: '// YOUR CODE HERE\nthrow new Error("not implemented yet");',
    metadata: { nbgrader: meta({ solution: true, grade_id: "a-1" }) },
  },
  {
    cell_type: "code",
    source: ["const é = ", "'ünïcødé ✓';\n"],
    metadata: { nbgrader: meta({ locked: true, grade_id: "ro_2" }) },
  },
  {
    cell_type: "markdown",
    source: "Explain **why**.",
    metadata: { nbgrader: meta({ solution: true, grade: true, grade_id: "essay", points: 0.5 }) },
  },
  {
    cell_type: "code",
    source: "assert.ok(true)",
    metadata: { nbgrader: meta({ grade: true, grade_id: "tiny", points: 0.00001 }) },
  },
  {
    cell_type: "code",
    source: "",
    metadata: { nbgrader: meta({ grade: true, grade_id: "huge", points: 1e16 }) },
  },
  {
    cell_type: "raw",
    source: "raw text",
    metadata: { nbgrader: meta({ grade: true, locked: false, grade_id: "r", points: 3 }) },
  },
  {
    cell_type: "code",
    source: "task",
    metadata: { nbgrader: meta({ task: true, grade_id: "task-1", points: 1 }) },
  },
];

Deno.test("computeChecksum() equals nbgrader's compute_checksum on every kind of cell", async () => {
  const expected = await python(["cells"], JSON.stringify(CELLS));
  assert.deepEqual(CELLS.map(computeChecksum), expected);
});

Deno.test("computeChecksum() of a grade cell is MD5('x = 1' 'code' 'True' 'False' 'True' 't' '2.0')", () => {
  // printf '%s' "x = 1codeTrueFalseTruet2.0" | md5sum  → 5feee89a1d0eef29938e0bbd34126fa3
  assert.equal(computeChecksum(CELLS[0]), "5feee89a1d0eef29938e0bbd34126fa3");
});

Deno.test("checksums recorded by assign() verify with nbgrader's algorithm", async () => {
  const source: Notebook = JSON.parse(await Deno.readTextFile(SOURCE));
  const release = assign(source);
  const file = await Deno.makeTempFile({ suffix: ".ipynb" });
  await Deno.writeTextFile(file, JSON.stringify(release));
  const [line] = await python(["verify", file], "");
  await Deno.remove(file);
  assert.equal(line, `ok ${release.cells.length}`);
});

Deno.test("pythonFloat() formats points exactly as Python's str(float(x))", async () => {
  const numbers = [2, 0.5, 0.00001, 0.0001, 1e16, 1e15, 123456789.125, 0.1, 3, 1.5e-7, 2.5e21, 100];
  assert.deepEqual(numbers.map(pythonFloat), await python(["float"], JSON.stringify(numbers)));
});

const grade = (points: number, outputs: Record<string, unknown>[]): NotebookCell => ({
  cell_type: "code",
  source: "",
  metadata: { nbgrader: meta({ grade: true, locked: true, grade_id: "g", points }) },
  outputs,
});

Deno.test("determineGrade() follows nbgrader's determine_grade", async (t) => {
  await t.step("an error output scores 0", () => {
    assert.deepEqual(determineGrade(grade(2, [{ output_type: "error", ename: "E", evalue: "" }])), [
      0,
      2,
    ]);
  });
  await t.step("no output scores full points", () => {
    assert.deepEqual(
      determineGrade(grade(2, [{ output_type: "stream", name: "stdout", text: "hi" }])),
      [2, 2],
    );
  });
  await t.step("a numeric execute_result is partial credit, other text full points", () => {
    const result = (text: string) => ({
      output_type: "execute_result",
      data: { "text/plain": text },
    });
    assert.deepEqual(determineGrade(grade(2, [result("0.5")])), [0.5, 2]);
    assert.deepEqual(determineGrade(grade(2, [result("'hello'")])), [2, 2]);
    assert.deepEqual(determineGrade(grade(2, [result("0")])), [2, 2]);
    assert.throws(() => determineGrade(grade(2, [result("3")])), RangeError);
  });
  await t.step("an unchanged solution+grade cell scores 0, a changed one needs a person", () => {
    const cell = structuredClone(CELLS[3]);
    (cell.metadata.nbgrader as NbgraderMetadata).checksum = computeChecksum(cell);
    assert.deepEqual(determineGrade(cell), [0, 0.5]);
    cell.source = "Because.";
    assert.deepEqual(determineGrade(cell), [null, 0.5]);
  });
  await t.step("a non-code grade cell needs a person; a non-grade cell is refused", () => {
    assert.deepEqual(determineGrade(CELLS[6]), [null, 3]);
    assert.throws(() => determineGrade(CELLS[2]), TypeError);
  });
});
