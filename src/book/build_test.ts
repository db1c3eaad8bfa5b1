import assert from "node:assert/strict";
import type { Notebook } from "../notebook/execute.ts";
import { BookBuildError, failingCell } from "./build.ts";

const notebook = (cells: Notebook["cells"]): Notebook => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells,
});

Deno.test("failingCell() names the cell with the error output", () => {
  const executed = notebook([
    { cell_type: "markdown", metadata: {}, source: "# x" },
    { cell_type: "code", metadata: {}, source: "1", execution_count: 1, outputs: [] },
    {
      cell_type: "code",
      metadata: {},
      source: "boom()",
      execution_count: 2,
      outputs: [{ output_type: "error", ename: "TypeError", evalue: "boom is not a function" }],
    },
    { cell_type: "code", metadata: {}, source: "2", execution_count: null, outputs: [] },
  ]);
  assert.deepEqual(failingCell(executed), { cell: 2, error: "TypeError: boom is not a function" });
});

Deno.test("failingCell() without an error output names the first cell that never ran", () => {
  const executed = notebook([
    { cell_type: "code", metadata: {}, source: "1", execution_count: 1, outputs: [] },
    {
      cell_type: "code",
      metadata: {},
      source: "await forever",
      execution_count: null,
      outputs: [],
    },
  ]);
  assert.deepEqual(failingCell(executed), { cell: 1 });
});

Deno.test("BookBuildError lists notebook, cell and error per failure", () => {
  const error = new BookBuildError([{
    notebook: "notebooks/02-x.ipynb",
    cell: 7,
    error: "RangeError: y",
  }]);
  assert.match(error.message, /notebooks\/02-x\.ipynb, cell 7: RangeError: y/);
  assert.equal(error.failures.length, 1);
});
