/**
 * The outline of one notebook, read from its cells without running it: chapter,
 * title, course modules it imports, exercises it asks, and an estimated reading
 * time. The book's course map (`index.html`) is a table of these outlines.
 *
 * ```
 * notebooks/01b-routing.ipynb ─▶ { chapter: 1, slug: "01b-routing", title, modules,
 *                                  exercises: [{ cell, id, prompt, checkedIn }], minutes }
 * ```
 *
 * @module
 */

import type { Notebook } from "../notebook/execute.ts";
import {
  CHAPTER_TITLES,
  CODE_WORDS_PER_MINUTE,
  MODULE_ALIASES,
  PROSE_WORDS_PER_MINUTE,
} from "./params.ts";

/** One exercise of a notebook: the cell that defines it and the cells that check it. */
export interface ExerciseOutline {
  /** Index of the defining cell (or of the first checking cell when none defines it). */
  cell: number;
  /** The exercise id, the first argument of `exercise("…", …)`; "" when unknown. */
  id: string;
  /** The `prompt:` text when written as a string literal; "" otherwise. */
  prompt: string;
  /** Indexes of cells that call `.check(` on it. */
  checkedIn: number[];
}

/** What the book shows about a notebook. */
export interface NotebookOutline {
  /** File name, e.g. `00-start-here.ipynb`. */
  file: string;
  /** File name without `.ipynb`; the page is `<slug>.html`. */
  slug: string;
  /** Chapter number: the digits after `0` in `0N…`; 0 when the name does not follow the scheme. */
  chapter: number;
  /** Chapter title from {@linkcode CHAPTER_TITLES}, else "Chapter N". */
  chapterTitle: string;
  /** The first Markdown heading, else the slug. */
  title: string;
  /** Course folders the code cells import, e.g. `src/sim`, `stack/wire`, in order of appearance. */
  modules: string[];
  /** Exercises (cells calling `exercise(` or `.check(`). */
  exercises: ExerciseOutline[];
  /** Words of Markdown and of code. */
  words: { prose: number; code: number };
  /** Estimated reading time in whole minutes (at least 1). */
  minutes: number;
}

/** A cell's source as one string (nbformat allows a list of lines). */
export function cellSource(cell: { source: string | string[] }): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/**
 * The chapter number of a notebook file name: `00-start-here` → 0, `01b-routing` → 1,
 * `12-x` → 12 (leading zero dropped); names outside the scheme give 0.
 *
 * @example
 * ```ts
 * import { chapterOf } from "./outline.ts";
 * console.assert(chapterOf("01b-routing.ipynb") === 1 && chapterOf("00-start-here.ipynb") === 0);
 * ```
 */
export function chapterOf(file: string): number {
  const match = /^(\d+)[a-z]?-/.exec(file.split("/").at(-1) ?? "");
  return match ? Number(match[1]) : 0;
}

// `import … from "x"`, `import "x"`, `export … from "x"` and `import("x")`.
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^"'`;]*?(?:from\s*)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

/**
 * The course folders a code cell imports: `@src/sim/mod.ts` → `src/sim`,
 * `@stack/wire/ipv4.ts` → `stack/wire`, `../virt/isa/mod.ts` → `virt/isa`.
 * npm packages (`@observablehq/plot`) and `node:` modules are not course modules.
 *
 * @example
 * ```ts
 * import { importedModules } from "./outline.ts";
 * const code = 'import * as Plot from "@observablehq/plot";\nimport { table } from "@src/display/mod.ts";';
 * console.assert(importedModules(code).join() === "src/display");
 * ```
 */
export function importedModules(code: string): string[] {
  const found: string[] = [];
  for (const match of code.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2];
    let path: string | undefined;
    for (const [alias, folder] of Object.entries(MODULE_ALIASES)) {
      if (specifier.startsWith(alias)) path = folder + specifier.slice(alias.length);
    }
    if (path === undefined && /^\.\.?\//.test(specifier)) {
      path = specifier.replace(/^(\.\.?\/)+/, "");
    }
    if (path === undefined) continue;
    const folder = path.replace(/\/(mod\.ts)?$/, "").replace(/\/[^/]+\.[jt]sx?$/, "");
    if (!found.includes(folder)) found.push(folder);
  }
  return found;
}

const EXERCISE = /(?:(?:const|let|var)\s+([\w$]+)\s*=\s*)?\bexercise\(\s*(["'`])([^"'`]*)\2/g;
const PROMPT = /\bprompt\s*:\s*(["'`])((?:\\.|(?!\1)[^\\])*)\1/;
const CHECK = /([\w$]+)?\s*\.check\(/g;

/**
 * Exercises of a notebook: cells whose source calls `exercise(` (definition) or `.check(`
 * (checked). A check on a variable bound to an exercise joins that exercise.
 *
 * @example
 * ```ts
 * import { notebookExercises } from "./outline.ts";
 * const cells = [
 *   { cell_type: "code", source: 'const ex = exercise("mask", { prompt: "What is /24?", check });' },
 *   { cell_type: "code", source: "ex.check(answer)" },
 * ] as const;
 * const [found] = notebookExercises(cells);
 * console.assert(found.id === "mask" && found.prompt === "What is /24?" && found.checkedIn[0] === 1);
 * const chained = notebookExercises([{ cell_type: "code", source: 'exercise("mtu", { prompt: "MTU?", check }).check(x)' }]);
 * console.assert(chained.length === 1 && chained[0].checkedIn[0] === 0);
 * ```
 */
export function notebookExercises(
  cells: readonly { cell_type: string; source: string | string[] }[],
): ExerciseOutline[] {
  const exercises: ExerciseOutline[] = [];
  const byVariable = new Map<string, ExerciseOutline>();
  cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    const code = cellSource(cell);
    const definedHere: ExerciseOutline[] = [];
    for (const match of code.matchAll(EXERCISE)) {
      const rest = code.slice(match.index);
      const exercise: ExerciseOutline = {
        cell: index,
        id: match[3],
        prompt: PROMPT.exec(rest)?.[2].replace(/\\(.)/g, "$1") ?? "",
        checkedIn: [],
      };
      exercises.push(exercise);
      definedHere.push(exercise);
      if (match[1]) byVariable.set(match[1], exercise);
    }
    for (const match of code.matchAll(CHECK)) {
      // `ex.check(…)` joins the exercise bound to `ex`; `exercise(…).check(…)` joins the
      // exercise defined in the same cell.
      const known = (match[1] ? byVariable.get(match[1]) : undefined) ?? definedHere.at(-1);
      if (known) {
        if (!known.checkedIn.includes(index)) known.checkedIn.push(index);
      } else if (!exercises.some((exercise) => exercise.checkedIn.includes(index))) {
        exercises.push({ cell: index, id: "", prompt: "", checkedIn: [index] });
      }
    }
  });
  return exercises;
}

const words = (text: string) =>
  text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;

/**
 * Reads a notebook's outline from its cells.
 *
 * Reading time = prose words / {@linkcode PROSE_WORDS_PER_MINUTE}
 *              + code words / {@linkcode CODE_WORDS_PER_MINUTE}, rounded up, at least 1.
 *
 * @example
 * ```ts
 * import { outlineNotebook } from "./outline.ts";
 * const outline = outlineNotebook("01a-encapsulation.ipynb", {
 *   nbformat: 4, nbformat_minor: 5, metadata: {},
 *   cells: [{ cell_type: "markdown", metadata: {}, source: "# Encapsulation\nHeaders nest." }],
 * });
 * console.assert(outline.chapter === 1 && outline.title === "Encapsulation" && outline.minutes === 1);
 * ```
 */
export function outlineNotebook(file: string, notebook: Notebook): NotebookOutline {
  const name = file.split("/").at(-1)!;
  const slug = name.replace(/\.ipynb$/, "");
  const chapter = chapterOf(name);
  let prose = 0;
  let code = 0;
  let title = "";
  const modules: string[] = [];
  for (const cell of notebook.cells) {
    const source = cellSource(cell);
    if (cell.cell_type === "markdown") {
      prose += words(source.replace(/[#*_`|>-]+/g, " "));
      title ||= /^#{1,6}\s+(.+?)\s*#*\s*$/m.exec(source)?.[1] ?? "";
    } else if (cell.cell_type === "code") {
      code += words(source);
      for (const folder of importedModules(source)) {
        if (!modules.includes(folder)) modules.push(folder);
      }
    }
  }
  return {
    file: name,
    slug,
    chapter,
    chapterTitle: CHAPTER_TITLES[chapter] ?? `Chapter ${chapter}`,
    title: title.replace(/[*_`]/g, "") || slug,
    modules,
    exercises: notebookExercises(notebook.cells),
    words: { prose, code },
    minutes: Math.max(1, Math.ceil(prose / PROSE_WORDS_PER_MINUTE + code / CODE_WORDS_PER_MINUTE)),
  };
}
