/**
 * Restoring a submission against its source before grading (nbgrader's
 * OverwriteCells, made stricter): the notebook that is executed follows the
 * *source's* cells in the source's order, so whatever a learner did to the
 * cells they were not meant to change has no effect.
 *
 * ```
 * source:     [intro] [q1 answer] [q1 tests+hidden] [q2 answer] [q2 tests] …
 * submission: [q1 tests (edited)] [q1 answer'] [scratch] [q1 answer' (copy)] …
 * executed:   [intro] [q1 answer'] [scratch] [q1 tests] [q1 hidden] [q2 stub] [q2 tests] …
 * ```
 *
 * - every non-answer cell comes from the source, whatever the submission did
 *   to it (deleted, moved, duplicated, edited source or metadata);
 * - an answer cell keeps the learner's source (the first cell with its
 *   grade_id and cell type); a deleted answer falls back to the stub;
 * - a cell with no nbgrader metadata (the learner's scratch cell) is kept,
 *   after the known cell it followed;
 * - a hidden-test region becomes a separate cell right after the visible
 *   part of its test cell, so its messages never reach the feedback;
 * - each test part runs in its own block with its own imports
 *   ({@linkcode isolateTests}), so learners' declarations cannot replace them.
 *
 * @module
 */

import type { Notebook, NotebookCell } from "../notebook/execute.ts";
import { assign, MARKERS, normalizeSource } from "./assign.ts";
import { isGrade, isSolution, sourceOf } from "./metadata.ts";

/** What a cell of the executed notebook is, in `metadata.stacklab.role`. */
export type CellRole = "answer" | "test" | "hidden" | "readonly" | "scratch";

/** The result of {@linkcode restoreSubmission}. */
export interface Restored {
  /** The notebook to execute (never shown to the learner, never inside the sandbox). */
  notebook: Notebook;
  /** What was restored, one sentence each ("cell q1-tests: edited source restored"). */
  notes: string[];
}

const idOf = (cell: NotebookCell) =>
  (cell.metadata?.nbgrader as { grade_id?: unknown } | undefined)?.grade_id;

/** Splits a test cell's source into visible code and hidden-test regions, in order. */
export function splitHidden(source: string): { hidden: boolean; source: string }[] {
  const parts: { hidden: boolean; source: string }[] = [];
  let lines: string[] = [];
  let inHidden = false;
  const flush = (hidden: boolean) => {
    if (lines.some((line) => line.trim() !== "")) parts.push({ hidden, source: lines.join("\n") });
    lines = [];
  };
  for (const line of source.split("\n")) {
    if (line.includes(MARKERS.beginHidden)) {
      flush(false);
      inHidden = true;
    } else if (line.includes(MARKERS.endHidden)) {
      flush(true);
      inHidden = false;
    } else lines.push(line);
  }
  flush(inHidden);
  return parts;
}

const IMPORT = /^import\s+(.+?)\s+from\s+(["'][^"']+["'])\s*;?\s*$/;

/** One static import line as a declaration from a dynamic import, or undefined. */
function importToConst(line: string): string | undefined {
  const trimmed = line.trim();
  if (/^import\s+type\s/.test(trimmed)) return "";
  const bare = trimmed.match(/^import\s+(["'][^"']+["'])\s*;?\s*$/);
  if (bare) return `await import(${bare[1]});`;
  const match = trimmed.match(IMPORT);
  if (!match) return undefined;
  const [, clause, specifier] = match;
  const namespace = clause.match(/^\*\s+as\s+([\w$]+)$/);
  if (namespace) return `const ${namespace[1]} = await import(${specifier});`;
  const named = (list: string) =>
    list.split(",").map((part) => part.trim()).filter((part) => part && !part.startsWith("type "))
      .map((part) => part.replace(/^([\w$]+)\s+as\s+([\w$]+)$/, "$1: $2")).join(", ");
  const both = clause.match(/^([\w$]+)\s*,\s*\{([^}]*)\}$/);
  if (both) {
    return `const { default: ${both[1]}, ${named(both[2])} } = await import(${specifier});`;
  }
  const braces = clause.match(/^\{([^}]*)\}$/);
  if (braces) return `const { ${named(braces[1])} } = await import(${specifier});`;
  if (/^[\w$]+$/.test(clause)) return `const { default: ${clause} } = await import(${specifier});`;
  return undefined;
}

/**
 * A test cell's parts, each made immune to the learner's declarations: the
 * cell's imports become block-scoped constants repeated in every part, and
 * each part runs in its own block, so `var assert = …` or `function assert`
 * in a learner's cell cannot replace what the test uses. A cell with an
 * import this cannot rewrite (multi-line) is left as it is.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isolateTests } from "./restore.ts";
 * const [part] = isolateTests('import assert from "node:assert/strict";\nassert.ok(f());');
 * assert.ok(part.source.startsWith('{\nconst { default: assert } = await import("node:assert/strict");'));
 * ```
 */
export function isolateTests(source: string): { hidden: boolean; source: string }[] {
  const imports: string[] = [];
  const rest: string[] = [];
  for (const line of source.split("\n")) {
    if (/^\s*import[\s{*"']/.test(line) && !/^\s*import\s*\(/.test(line)) {
      const converted = importToConst(line);
      if (converted === undefined) return splitHidden(source);
      if (converted) imports.push(converted);
    } else rest.push(line);
  }
  return splitHidden(rest.join("\n")).map((part) => ({
    hidden: part.hidden,
    source: ["{", ...imports, part.source, "}"].join("\n"),
  }));
}

const codeCell = (
  source: string,
  metadata: Record<string, unknown>,
  cellType: NotebookCell["cell_type"],
): NotebookCell =>
  cellType === "code"
    ? { cell_type: "code", metadata, source, outputs: [], execution_count: null }
    : { cell_type: cellType, metadata, source };

/**
 * Builds the notebook to execute from the source (with hidden tests) and a
 * learner's submission.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { restoreSubmission } from "./restore.ts";
 * const nb = (cells: object[]) => ({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells } as never);
 * const tests = { cell_type: "code", source: "assert(x === 1)", metadata: { nbgrader: {
 *   schema_version: 3, grade: true, solution: false, locked: true, grade_id: "t1", points: 1 } } };
 * const edited = { ...tests, source: "// nothing to see" };
 * const { notebook, notes } = restoreSubmission(nb([tests]), nb([edited]));
 * assert.ok(notebook.cells[0].source === "{\nassert(x === 1)\n}" && notes.length === 1);
 * ```
 */
export function restoreSubmission(source: Notebook, submission: Notebook): Restored {
  const normalized = normalizeSource(source);
  const release = assign(source);
  const releasedById = new Map(release.cells.map((cell) => [idOf(cell) as string, cell]));
  const sourceIds = normalized.cells.map((cell) => idOf(cell) as string);
  const known = new Set(sourceIds);
  const notes: string[] = [];

  // Read the submission: answers by grade_id, scratch cells anchored to the cell before them.
  const answers = new Map<string, NotebookCell>();
  const scratch = new Map<string | undefined, NotebookCell[]>();
  const seen = new Set<string>();
  const order: string[] = [];
  let anchor: string | undefined;
  for (const cell of submission.cells ?? []) {
    const id = idOf(cell);
    if (typeof id !== "string" || !cell.metadata?.nbgrader) {
      scratch.set(anchor, [...(scratch.get(anchor) ?? []), cell]);
      continue;
    }
    if (!known.has(id)) {
      notes.push(`cell ${id}: not in the source, removed`);
      continue;
    }
    if (seen.has(id)) {
      notes.push(`cell ${id}: duplicate removed`);
      continue;
    }
    seen.add(id);
    order.push(id);
    anchor = id;
    const released = releasedById.get(id)!;
    const mine = cell.metadata.nbgrader as Record<string, unknown>;
    const theirs = released.metadata.nbgrader as Record<string, unknown>;
    const metadataEdited = ["grade", "solution", "locked", "task", "points"].some((key) =>
      (mine[key] ?? false) !== (theirs[key] ?? false)
    ) || cell.cell_type !== released.cell_type;
    if (isSolution(released)) {
      if (metadataEdited) {
        notes.push(`cell ${id}: metadata restored`);
      }
      if (cell.cell_type === released.cell_type) {
        answers.set(id, cell);
      } else notes.push(`cell ${id}: cell type changed, answer reset to the stub`);
    } else if (metadataEdited) {
      notes.push(`cell ${id}: metadata restored`);
    } else if (sourceOf(cell) !== sourceOf(released)) {
      notes.push(`cell ${id}: edited source restored`);
    }
  }
  for (const id of sourceIds) {
    if (!seen.has(id)) notes.push(`cell ${id}: deleted, restored`);
  }
  const expected = sourceIds.filter((id) => seen.has(id));
  if (expected.some((id, index) => order[index] !== id)) {
    notes.push("cells moved: source order restored");
  }

  const cells: NotebookCell[] = [];
  const pushScratch = (key: string | undefined) => {
    for (const cell of scratch.get(key) ?? []) {
      const metadata = { stacklab: { role: "scratch" } };
      cells.push(codeCell(sourceOf(cell), metadata, cell.cell_type));
    }
  };
  pushScratch(undefined);
  normalized.cells.forEach((cell, index) => {
    const id = sourceIds[index];
    const released = release.cells[index];
    const nbgrader = released.metadata.nbgrader as Record<string, unknown>;
    if (isSolution(cell)) {
      const answer = answers.get(id);
      const text = answer ? sourceOf(answer) : sourceOf(released);
      cells.push(
        codeCell(text, { nbgrader, stacklab: { role: "answer", grade_id: id } }, cell.cell_type),
      );
    } else if (isGrade(cell) && cell.cell_type === "code") {
      const parts = isolateTests(sourceOf(cell));
      if (parts.length === 0) parts.push({ hidden: false, source: "" });
      parts.forEach((part, partIndex) => {
        const stacklab = { role: part.hidden ? "hidden" : "test", grade_id: id };
        // The first part carries the nbgrader metadata; hidden parts count for the same question.
        const metadata = partIndex === 0 ? { nbgrader, stacklab } : { stacklab };
        cells.push(codeCell(part.source, metadata, "code"));
      });
    } else {
      cells.push(
        codeCell(
          sourceOf(cell),
          { nbgrader, stacklab: { role: "readonly", grade_id: id } },
          cell.cell_type,
        ),
      );
    }
    pushScratch(id);
  });
  return {
    notebook: { nbformat: 4, nbformat_minor: 5, metadata: normalized.metadata, cells },
    notes,
  };
}
