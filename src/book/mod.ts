/**
 * `src/book`: the course as a static, offline website (`deno task book`).
 *
 * Read in this order:
 *
 * @example
 * ```ts
 * import { chapterOf } from "./mod.ts";
 * console.assert(chapterOf("02-virtualization.ipynb") === 2);
 * ```
 *
 * @module
 */

// 1. Tunables: chapter titles, reading speeds, module aliases.
export * from "./params.ts";
// 2. Outline of a notebook read from its cells: chapter, modules, exercises, reading time.
export * from "./outline.ts";
// 3. HTML pages: notebook page with contents and previous/next, course map, inline style.
export * from "./page.ts";
// 4. The build: execute, export, write the site; failures name notebook and cell.
export * from "./build.ts";
