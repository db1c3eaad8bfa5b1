/**
 * `src/grading`: nbgrader-compatible assignments for StackLab's TypeScript
 * notebooks — release a learner's version, then grade submissions in a sandbox.
 *
 * Read in this order:
 *
 * @example Release an assignment
 * ```ts
 * import assert from "node:assert/strict";
 * import { assign } from "./mod.ts";
 * const nbgrader = { schema_version: 3, grade: false, solution: true, locked: false, grade_id: "a1" };
 * const source = "const hosts = 2 ** 6 - 2; // BEGIN SOLUTION";
 * const cell = { cell_type: "code" as const, metadata: { nbgrader }, source };
 * const release = assign({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell] });
 * // A solution cell without markers is replaced by the stub as a whole (nbgrader's rule).
 * assert.ok(String(release.cells[0].source).includes("not implemented yet"));
 * ```
 *
 * @example Grade a folder of submissions (each learner's kernel in the sandbox)
 * ```ts ignore
 * import { gradeSubmissions } from "./mod.ts";
 * const results = await gradeSubmissions("submitted/", { source: "source/hw1.ipynb", out: "grades/" });
 * ```
 *
 * @module
 */

// 1. nbgrader metadata (schema 3), compute_checksum and determine_grade, as nbgrader has them.
export * from "./metadata.ts";
// 2. assign: solutions → stubs, hidden tests removed, cells locked, checksums recorded.
export * from "./assign.ts";
// 3. restore: a submission rebuilt on its source's cells before execution.
export * from "./restore.ts";
// 4. the sandbox: the kernel in bubblewrap, no network, no processes, its own files only.
export * from "./sandbox.ts";
// 5. grade: execute, score, write grades.csv/json and executed notebooks.
export * from "./grade.ts";
// 6. feedback: one HTML page per learner, hidden tests never revealed.
export * from "./feedback.ts";
// 7. the assign/grade commands.
export * from "./cli.ts";
