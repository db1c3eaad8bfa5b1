/**
 * `assign`: from an instructor's source notebook to the version learners get,
 * as nbgrader's ClearSolutions, ClearHiddenTests, LockCells and
 * ComputeChecksums preprocessors do it, for TypeScript cells.
 *
 * In the source, answer regions and hidden tests are marked with comments:
 *
 * ```ts ignore
 * export function checksum(bytes: Uint8Array): number {
 *   // BEGIN SOLUTION
 *   let sum = 0; …; return ~sum & 0xffff;
 *   // END SOLUTION
 * }
 * ```
 * becomes (the stub keeps the marker's indentation, so the signature stays)
 * ```ts ignore
 * export function checksum(bytes: Uint8Array): number {
 *   // YOUR CODE HERE
 *   throw new Error("not implemented yet");
 * }
 * ```
 * and every line from `// BEGIN HIDDEN TESTS` to `// END HIDDEN TESTS` is removed.
 *
 * Marker rules are nbgrader's: a solution marker is a line that is exactly the
 * marker once trimmed; a hidden-test marker is any line containing
 * `BEGIN HIDDEN TESTS` / `END HIDDEN TESTS`; a solution cell without markers is
 * replaced entirely by the stub.
 *
 * @module
 */

import type { Notebook, NotebookCell } from "../notebook/execute.ts";
import { computeChecksum, GRADE_ID, isGrade, isLocked, isSolution, sourceOf } from "./metadata.ts";

/** The comment markers and stubs. */
export const MARKERS = {
  beginSolution: "// BEGIN SOLUTION",
  endSolution: "// END SOLUTION",
  beginHidden: "BEGIN HIDDEN TESTS",
  endHidden: "END HIDDEN TESTS",
  codeStub: '// YOUR CODE HERE\nthrow new Error("not implemented yet");',
  textStub: "YOUR ANSWER HERE",
} as const;

/** A problem in a source notebook, with the cell index (0-based) and line (1-based). */
export class AssignmentError extends SyntaxError {
  override name = "AssignmentError";
  constructor(message: string, readonly cellIndex: number, readonly line?: number) {
    super(`Cell ${cellIndex}${line === undefined ? "" : `, line ${line}`}: ${message}`);
  }
}

/** The nbgrader block of a cell, or undefined. */
const nbgraderOf = (cell: NotebookCell) =>
  cell.metadata.nbgrader as Record<string, unknown> | undefined;

/**
 * Checks a source notebook: unique grade ids matching nbgrader's pattern,
 * points on every grade cell, balanced markers in the right kind of cell.
 * Returns every problem (empty when the notebook is fine).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { validateSource } from "./assign.ts";
 * const cell = { cell_type: "code" as const, metadata: {}, source: "// BEGIN SOLUTION\nx = 1" };
 * const [problem] = validateSource({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell] });
 * assert.ok(problem.message.startsWith("Cell 0, line 1"));
 * ```
 */
export function validateSource(notebook: Notebook): AssignmentError[] {
  const problems: AssignmentError[] = [];
  const seen = new Map<string, number>();
  notebook.cells.forEach((cell, index) => {
    const nbgrader = nbgraderOf(cell);
    const gradeId = nbgrader?.grade_id;
    if (nbgrader && (isGrade(cell) || isSolution(cell) || isLocked(cell) || nbgrader.task)) {
      if (typeof gradeId !== "string" || gradeId === "") {
        problems.push(new AssignmentError("nbgrader cell has no grade_id", index));
      } else if (!GRADE_ID.test(gradeId)) {
        problems.push(
          new AssignmentError(`grade_id "${gradeId}" must match ${GRADE_ID.source}`, index),
        );
      } else if (seen.has(gradeId)) {
        problems.push(
          new AssignmentError(
            `duplicate grade_id "${gradeId}" (first used by cell ${seen.get(gradeId)})`,
            index,
          ),
        );
      } else seen.set(gradeId, index);
    }
    if (isGrade(cell)) {
      const points = nbgrader?.points;
      if (typeof points !== "number" || !Number.isFinite(points) || points < 0) {
        problems.push(
          new AssignmentError(
            `grade cell "${gradeId}" has points ${JSON.stringify(points)}; give it a number ≥ 0`,
            index,
          ),
        );
      }
    }
    const lines = sourceOf(cell).split("\n");
    let solutionAt: number | undefined;
    let hiddenAt: number | undefined;
    lines.forEach((line, lineIndex) => {
      const here = lineIndex + 1;
      const trimmed = line.trim();
      if (trimmed === MARKERS.beginSolution) {
        if (solutionAt !== undefined) {
          problems.push(
            new AssignmentError(
              `nested BEGIN SOLUTION (open since line ${solutionAt})`,
              index,
              here,
            ),
          );
        }
        solutionAt = here;
        if (!isSolution(cell)) {
          problems.push(
            new AssignmentError(
              "solution region in a cell that is not a solution cell",
              index,
              here,
            ),
          );
        }
      } else if (trimmed === MARKERS.endSolution) {
        if (solutionAt === undefined) {
          problems.push(new AssignmentError("END SOLUTION without BEGIN SOLUTION", index, here));
        }
        solutionAt = undefined;
      } else if (line.includes(MARKERS.beginHidden)) {
        if (hiddenAt !== undefined) {
          problems.push(
            new AssignmentError(
              `nested BEGIN HIDDEN TESTS (open since line ${hiddenAt})`,
              index,
              here,
            ),
          );
        }
        hiddenAt = here;
        if (!isGrade(cell)) {
          problems.push(
            new AssignmentError("hidden tests in a cell that is not a grade cell", index, here),
          );
        }
      } else if (line.includes(MARKERS.endHidden)) {
        if (hiddenAt === undefined) {
          problems.push(
            new AssignmentError("END HIDDEN TESTS without BEGIN HIDDEN TESTS", index, here),
          );
        }
        hiddenAt = undefined;
      }
    });
    if (solutionAt !== undefined) {
      problems.push(new AssignmentError("BEGIN SOLUTION is never closed", index, solutionAt));
    }
    if (hiddenAt !== undefined) {
      problems.push(new AssignmentError("BEGIN HIDDEN TESTS is never closed", index, hiddenAt));
    }
  });
  return problems;
}

/**
 * The source with every cell given nbgrader metadata: cells without it
 * become read-only cells `readonly-<n>` (n counts such cells), so that
 * grading can restore every non-answer cell by grade_id. Deterministic: the
 * grader calls it again on the same source.
 */
export function normalizeSource(notebook: Notebook): Notebook {
  let readonly = 0;
  const cells = notebook.cells.map((cell): NotebookCell => {
    const metadata = structuredClone(cell.metadata ?? {});
    const nbgrader = metadata.nbgrader as Record<string, unknown> | undefined;
    if (!nbgrader || !(nbgrader.grade || nbgrader.solution || nbgrader.locked || nbgrader.task)) {
      metadata.nbgrader = {
        schema_version: 3,
        grade: false,
        solution: false,
        locked: true,
        task: false,
        grade_id: `readonly-${readonly++}`,
      };
    } else {
      metadata.nbgrader = {
        grade: false,
        solution: false,
        locked: false,
        task: false,
        ...nbgrader,
        schema_version: 3,
      };
    }
    return { ...structuredClone(cell), metadata, source: sourceOf(cell) };
  });
  return { ...structuredClone(notebook), cells };
}

/** ClearSolutions on one source: returns the new source and whether a region was replaced. */
export function clearSolutions(source: string, cellType: NotebookCell["cell_type"]): string {
  const stub = (cellType === "code" ? MARKERS.codeStub : MARKERS.textStub).split("\n");
  const out: string[] = [];
  let inSolution = false;
  let replaced = false;
  for (const line of source.split("\n")) {
    if (line.trim() === MARKERS.beginSolution) {
      inSolution = true;
      replaced = true;
      const indent = line.slice(0, line.indexOf(MARKERS.beginSolution));
      for (const stubLine of stub) out.push(indent + stubLine);
    } else if (line.trim() === MARKERS.endSolution) {
      inSolution = false;
    } else if (!inSolution) out.push(line);
  }
  return replaced ? out.join("\n") : stub.join("\n");
}

/** ClearHiddenTests on one source. */
export function clearHiddenTests(source: string): string {
  const out: string[] = [];
  let inTest = false;
  for (const line of source.split("\n")) {
    if (line.includes(MARKERS.beginHidden)) inTest = true;
    else if (line.includes(MARKERS.endHidden)) inTest = false;
    else if (!inTest) out.push(line);
  }
  return out.join("\n");
}

/** How many hidden-test regions a source holds. */
export function countHiddenTests(source: string): number {
  return source.split("\n").filter((line) => line.includes(MARKERS.beginHidden)).length;
}

/**
 * The learner's version of a source notebook: solutions replaced by the stub,
 * hidden tests removed, outputs cleared, non-answer cells locked
 * (`editable: false`, `deletable: false`), answer cells undeletable, and
 * nbgrader checksums recorded. Throws the first {@linkcode AssignmentError}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assign } from "./assign.ts";
 * const nbgrader = { schema_version: 3, grade: false, solution: true, locked: false, grade_id: "a1" };
 * const cell = { cell_type: "code" as const, metadata: { nbgrader }, source: "function f() {\n  // BEGIN SOLUTION\n  return 1;\n  // END SOLUTION\n}" };
 * const release = assign({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell] });
 * assert.ok(String(release.cells[0].source).includes('  throw new Error("not implemented yet");'));
 * ```
 */
export function assign(source: Notebook): Notebook {
  const problems = validateSource(source);
  if (problems.length > 0) throw problems[0];
  const normalized = normalizeSource(source);
  const cells = normalized.cells.map((cell): NotebookCell => {
    const nbgrader = cell.metadata.nbgrader as Record<string, unknown>;
    let text = sourceOf(cell);
    const hidden = countHiddenTests(text);
    if (isSolution(cell)) text = clearSolutions(text, cell.cell_type);
    if (isGrade(cell)) text = clearHiddenTests(text);
    const released: NotebookCell = {
      ...(cell.id ? { id: cell.id } : {}),
      cell_type: cell.cell_type,
      metadata: { ...cell.metadata },
      source: text,
    };
    if (cell.cell_type === "code") {
      released.outputs = [];
      released.execution_count = null;
    }
    // LockCells, extended: only answer cells stay editable.
    released.metadata.deletable = false;
    if (!isSolution(cell)) released.metadata.editable = false;
    else delete released.metadata.editable;
    if (hidden > 0) {
      released.metadata.stacklab = {
        ...(cell.metadata.stacklab as Record<string, unknown> ?? {}),
        hidden_tests: hidden,
      };
    }
    released.metadata.nbgrader = {
      ...nbgrader,
      checksum: computeChecksum(released),
      cell_type: cell.cell_type,
    };
    return released;
  });
  return {
    nbformat: 4,
    nbformat_minor: Math.max(5, normalized.nbformat_minor),
    metadata: {
      ...normalized.metadata,
      stacklab: { ...(normalized.metadata.stacklab ?? {}), release: true },
    },
    cells,
  };
}
