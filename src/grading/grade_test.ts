import assert from "node:assert/strict";
import type { Notebook } from "../notebook/execute.ts";
import { scoreExecuted } from "./grade.ts";

function notebook(testOutputs: Record<string, unknown>[]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      {
        cell_type: "code",
        source: "function add(a, b) { return a - b; }",
        metadata: { stacklab: { role: "answer", grade_id: "q1-answer" } },
        outputs: [],
      },
      {
        cell_type: "code",
        source: "assert.equal(add(1, 2), 3);",
        metadata: {
          nbgrader: {
            grade: true,
            solution: false,
            locked: true,
            grade_id: "q1-tests",
            points: 1,
            schema_version: 3,
          },
          stacklab: { role: "test", grade_id: "q1-tests" },
        },
        outputs: testOutputs,
      },
    ],
  };
}

Deno.test("scoreExecuted() scores a test from its execute reply even when its error output is gone", () => {
  const [question] = scoreExecuted(notebook([]), [{ status: "ok", seconds: 0 }, {
    status: "error",
    seconds: 0,
  }], 10);
  assert.equal(question.score, 0);
  assert.deepEqual(question.reasons, ["test failed (its error output was removed)"]);
});

Deno.test("scoreExecuted() reports a visible test failure by its error", () => {
  const error = { output_type: "error", ename: "AssertionError", evalue: "-1 == 3", traceback: [] };
  const [question] = scoreExecuted(notebook([error]), [{ status: "ok", seconds: 0 }, {
    status: "error",
    seconds: 0,
  }], 10);
  assert.equal(question.score, 0);
  assert.deepEqual(question.reasons, ["AssertionError: -1 == 3"]);
});

Deno.test("scoreExecuted() gives full points to a test whose reply is ok", () => {
  const [question] = scoreExecuted(notebook([]), [{ status: "ok", seconds: 0 }, {
    status: "ok",
    seconds: 0,
  }], 10);
  assert.equal(question.score, 1);
  assert.deepEqual(question.reasons, []);
});
