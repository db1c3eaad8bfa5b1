/**
 * nbgrader cell metadata, schema version 3, and nbgrader's two scoring rules:
 * the checksum of a cell and the grade of a cell. Everything here follows
 * nbgrader's own sources line by line (`nbgrader/nbgraderformat/v3.json`,
 * `nbgrader/utils.py` `is_grade`/`is_solution`/`is_locked`/`compute_checksum`/
 * `determine_grade`/`get_partial_grade`), so a StackLab assignment opens in
 * nbgrader's tools and the other way round.
 *
 * ```
 * cell.metadata.nbgrader = {
 *   schema_version: 3,          // required
 *   grade: false,               // required: an autograded test or a manually graded answer
 *   solution: true,             // required: the learner writes here
 *   locked: false,              // required: read-only (grade cells are always locked)
 *   task: false,                // a manually graded task
 *   grade_id: "q1-answer",      // ^[a-zA-Z0-9_\-]*$, unique in the notebook
 *   points: 2,                  // only when grade is true
 *   checksum: "…32 hex…",       // student version only
 *   cell_type: "code",          // student version only
 * }
 * cell.metadata.stacklab = { … } // StackLab's own data (hidden-test counts, …)
 * ```
 *
 * @module
 */

import { createHash } from "node:crypto";
import type { NotebookCell } from "../notebook/execute.ts";

/** `metadata.nbgrader` of one cell (nbgrader schema version 3). */
export interface NbgraderMetadata {
  schema_version: 3;
  grade: boolean;
  solution: boolean;
  locked: boolean;
  task?: boolean;
  grade_id?: string;
  points?: number;
  checksum?: string;
  cell_type?: "code" | "markdown" | "raw";
}

/** The grade_id pattern of nbgrader's v3 schema. */
export const GRADE_ID = /^[a-zA-Z0-9_\-]*$/;

const nbgraderOf = (cell: NotebookCell) =>
  cell.metadata?.nbgrader as Partial<NbgraderMetadata> | undefined;

/** A cell's source as one string (nbformat allows a list of lines). */
export function sourceOf(cell: Pick<NotebookCell, "source">): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** True for a grade cell (`is_grade`). */
export function isGrade(cell: NotebookCell): boolean {
  return Boolean(nbgraderOf(cell)?.grade ?? false);
}

/** True for a solution cell (`is_solution`). */
export function isSolution(cell: NotebookCell): boolean {
  return Boolean(nbgraderOf(cell)?.solution ?? false);
}

/** True for a task cell (`is_task`). */
export function isTask(cell: NotebookCell): boolean {
  return Boolean(nbgraderOf(cell)?.task ?? false);
}

/** True when the cell's source will be overwritten at grading (`is_locked`). */
export function isLocked(cell: NotebookCell): boolean {
  const nbgrader = nbgraderOf(cell);
  if (nbgrader === undefined) return false;
  if (isSolution(cell)) return false;
  if (isGrade(cell)) return true;
  return Boolean(nbgrader.locked ?? false);
}

/**
 * Python's `str(float(x))`: the shortest round-trip digits, always with a
 * fraction or an exponent, exponent form below 1e-4 and from 1e16
 * ("2.0", "0.5", "1e-05", "1e+16").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pythonFloat } from "./metadata.ts";
 * assert.ok(pythonFloat(2) === "2.0" && pythonFloat(0.00001) === "1e-05");
 * ```
 */
export function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const [mantissa, exponentText] = value.toExponential().split("e");
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? "-" : "+";
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  const text = String(value);
  return text.includes(".") ? text : `${text}.0`;
}

const pythonBool = (value: boolean) => value ? "True" : "False";

/**
 * nbgrader's `compute_checksum`: MD5 over the UTF-8 of, in order, the source,
 * the cell type, `str(is_grade)`, `str(is_solution)`, `str(is_locked)`, the
 * grade_id and, for grade cells only, `str(float(points))`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { computeChecksum } from "./metadata.ts";
 * const cell = {
 *   cell_type: "code" as const, source: "x = 1",
 *   metadata: { nbgrader: { schema_version: 3, grade: true, solution: false, locked: true, grade_id: "t", points: 1 } },
 * };
 * assert.ok(computeChecksum(cell).length === 32);
 * ```
 */
export function computeChecksum(cell: NotebookCell): string {
  const nbgrader = nbgraderOf(cell);
  if (nbgrader?.grade_id === undefined) {
    throw new TypeError(
      "Cannot compute an nbgrader checksum: the cell has no metadata.nbgrader.grade_id",
    );
  }
  const hash = createHash("md5");
  hash.update(sourceOf(cell), "utf8");
  hash.update(cell.cell_type, "utf8");
  hash.update(pythonBool(isGrade(cell)), "utf8");
  hash.update(pythonBool(isSolution(cell)), "utf8");
  hash.update(pythonBool(isLocked(cell)), "utf8");
  hash.update(nbgrader.grade_id, "utf8");
  if (isGrade(cell)) hash.update(pythonFloat(Number(nbgrader.points)), "utf8");
  return hash.digest("hex");
}

/** `[score, maxPoints]`; a null score means "a person must grade this". */
export type Grade = [score: number | null, maxPoints: number];

/**
 * nbgrader's `get_partial_grade`: an `execute_result` whose text is one
 * number greater than 0 is the score (at most the cell's points); any other
 * text gives full points.
 */
function partialGrade(output: Record<string, unknown>, maxPoints: number): number {
  const data = (output.data ?? {}) as Record<string, unknown>;
  let text = data["text/plain"];
  if (!text || (Array.isArray(text) && text.length === 0)) {
    throw new TypeError("output ['data']['text/plain'] does not exist");
  }
  if (Array.isArray(text)) {
    if (text.length > 1) return maxPoints;
    text = text[0];
  }
  const trimmed = String(text).trim();
  // Python's float(): decimal or exponent form, inf/nan, surrounding whitespace.
  const grade = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed) ? Number(trimmed) : NaN;
  if (Number.isNaN(grade)) return maxPoints;
  if (grade > 0) {
    if (grade > maxPoints) {
      throw new RangeError("partial credit cannot be greater than maximum points for cell");
    }
    return grade;
  }
  return maxPoints;
}

/**
 * nbgrader's `determine_grade`: a solution+grade cell scores 0 if unchanged
 * (checksum equal) or needs a person; a code grade cell scores 0 with an
 * `error` output, the partial credit of its first `execute_result`, or full
 * points; any other grade cell needs a person.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { determineGrade } from "./metadata.ts";
 * const nbgrader = { schema_version: 3, grade: true, solution: false, locked: true, grade_id: "t", points: 2 };
 * const failed = { cell_type: "code" as const, source: "", metadata: { nbgrader },
 *   outputs: [{ output_type: "error", ename: "AssertionError", evalue: "", traceback: [] }] };
 * assert.ok(determineGrade(failed)[0] === 0 && determineGrade(failed)[1] === 2);
 * ```
 */
export function determineGrade(cell: NotebookCell): Grade {
  if (!isGrade(cell)) throw new TypeError("cell is not a grade cell");
  const nbgrader = nbgraderOf(cell)!;
  const maxPoints = Number(nbgrader.points);
  if (isSolution(cell)) {
    if (nbgrader.checksum !== undefined && nbgrader.checksum === computeChecksum(cell)) {
      return [0, maxPoints];
    }
    return [null, maxPoints];
  }
  if (cell.cell_type === "code") {
    for (const output of cell.outputs ?? []) {
      if (output.output_type === "error") return [0, maxPoints];
      if (output.output_type === "execute_result") {
        return [partialGrade(output, maxPoints), maxPoints];
      }
    }
    return [maxPoints, maxPoints];
  }
  return [null, maxPoints];
}
