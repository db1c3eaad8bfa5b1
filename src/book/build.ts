/**
 * Builds the book: executes every notebook on the StackLab kernel (nbclient), exports
 * each executed notebook to HTML with nbconvert (`_template.html.j2`), and writes a
 * static site — `index.html` (course map) and one `<slug>.html` per notebook, plus the
 * executed notebooks under `ipynb/`.
 *
 * ```
 * notebooks/*.ipynb ─nbclient─▶ out/ipynb/*.ipynb ─nbconvert─▶ cells ─page.ts─▶ out/*.html
 *        └──────────outline.ts (imports, exercises, reading time)──────▶ out/index.html
 * ```
 *
 * A notebook that fails stops the build with a {@linkcode BookBuildError} naming the
 * notebook, the cell index and the error.
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { executeFiles, type Notebook } from "../notebook/execute.ts";
import { type NotebookOutline, outlineNotebook } from "./outline.ts";
import { indexPage, notebookPage, prepareBody } from "./page.ts";

const REPO = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");
const TEMPLATE = fileURLToPath(new URL("./_template.html.j2", import.meta.url));

/** One notebook that failed to execute. */
export interface NotebookFailure {
  /** Path of the notebook. */
  notebook: string;
  /** Index of the failing cell among all cells; -1 when the kernel failed before any cell. */
  cell: number;
  /** The error, e.g. `RangeError: Cannot …`. */
  error: string;
}

/** Thrown when a notebook fails: the book is not written. */
export class BookBuildError extends Error {
  override name = "BookBuildError";
  constructor(readonly failures: NotebookFailure[]) {
    super(
      `Cannot build the book: ${failures.length} notebook(s) failed\n` +
        failures.map((failure) => `  ${failure.notebook}, cell ${failure.cell}: ${failure.error}`)
          .join("\n"),
    );
  }
}

/** Options of {@linkcode buildBook}. */
export interface BookOptions {
  /** Folder the site is written to (emptied first). @default "<repo>/build/book" */
  out?: string;
  /** Notebook files, in reading order. @default every `*.ipynb` of `<repo>/notebooks`, sorted */
  notebooks?: string[];
  /** Kernelspec name. @default "stacklab" */
  kernel?: string;
  /** Per-cell timeout in seconds. @default 300 */
  timeout?: number;
  /** Progress lines. @default console.log */
  log?: (line: string) => void;
}

/** What {@linkcode buildBook} wrote. */
export interface BookResult {
  out: string;
  outlines: NotebookOutline[];
  /** Pages written, relative to `out`, index first. */
  pages: string[];
  seconds: number;
}

/**
 * Every notebook of a folder, sorted by name (which is reading order).
 *
 * @example
 * ```ts
 * import { courseNotebooks } from "./build.ts";
 * console.assert(courseNotebooks()[0].endsWith("/notebooks/00-start-here.ipynb"));
 * ```
 */
export function courseNotebooks(dir = `${REPO}/notebooks`): string[] {
  return [...Deno.readDirSync(dir)]
    .filter((entry) => entry.isFile && entry.name.endsWith(".ipynb"))
    .map((entry) => `${dir}/${entry.name}`)
    .sort();
}

const readNotebook = async (path: string): Promise<Notebook> =>
  JSON.parse(await Deno.readTextFile(path));

/**
 * Which cell failed in an executed notebook, and how.
 *
 * @example
 * ```ts
 * import { failingCell } from "./build.ts";
 * const error = { output_type: "error", ename: "RangeError", evalue: "too big" };
 * const cell = { cell_type: "code" as const, metadata: {}, source: "f()", outputs: [error] };
 * const found = failingCell({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell] });
 * console.assert(found.cell === 0 && found.error === "RangeError: too big");
 * ```
 */
export function failingCell(notebook: Notebook): { cell: number; error?: string } {
  for (const [index, cell] of notebook.cells.entries()) {
    const error = (cell.outputs ?? []).find((output) => output.output_type === "error");
    if (error) return { cell: index, error: `${error.ename}: ${error.evalue}` };
  }
  // No error output (timeout, dead kernel): the first code cell that never got a count.
  const index = notebook.cells.findIndex((cell) =>
    cell.cell_type === "code" && cell.execution_count == null
  );
  return { cell: index };
}

async function exportCells(executed: string[], dir: string): Promise<void> {
  const output = await new Deno.Command("jupyter-nbconvert", {
    args: [
      "--to",
      "html",
      "--template-file",
      TEMPLATE,
      "--log-level=WARN",
      "--output-dir",
      dir,
      ...executed,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output().catch((error) => {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(
        "Cannot build the book: jupyter-nbconvert is missing; run `deno task install`",
      );
    }
    throw error;
  });
  if (!output.success) {
    const stderr = new TextDecoder().decode(output.stderr).trim().split("\n").slice(-5).join("\n");
    throw new Error(`Cannot build the book: nbconvert failed:\n${stderr}`);
  }
}

/**
 * Executes the notebooks and writes the book.
 *
 * @example
 * ```ts ignore
 * import { buildBook } from "./build.ts";
 * const book = await buildBook({ out: "build/book" });
 * console.log(book.pages); // ["index.html", "00-start-here.html", …]
 * ```
 */
export async function buildBook(options: BookOptions = {}): Promise<BookResult> {
  const started = performance.now();
  const out = options.out ?? `${REPO}/build/book`;
  const log = options.log ?? console.log;
  const notebooks = options.notebooks ?? courseNotebooks();
  if (notebooks.length === 0) throw new RangeError("Cannot build the book: no notebooks given");
  const sources = await Promise.all(notebooks.map(readNotebook));
  const outlines = notebooks.map((path, i) => outlineNotebook(path, sources[i]));
  const slugs = new Set(outlines.map((outline) => outline.slug));
  if (slugs.size !== outlines.length || slugs.has("index")) {
    throw new RangeError(`Cannot build the book: notebook names collide: ${notebooks.join(", ")}`);
  }

  await Deno.remove(out, { recursive: true }).catch(() => {});
  await Deno.mkdir(`${out}/ipynb`, { recursive: true });
  log(`Executing ${notebooks.length} notebook(s) on the StackLab kernel …`);
  const reports = await executeFiles(notebooks, {
    out: `${out}/ipynb`,
    kernel: options.kernel,
    timeout: options.timeout,
    env: { STACKLAB_PNG_FALLBACK: "1" },
    trust: true,
  });
  const failures: NotebookFailure[] = [];
  for (const report of reports) {
    if (report.ok) {
      log(`✓ ${report.notebook} (${report.seconds.toFixed(1)} s)`);
      continue;
    }
    const executed = await readNotebook(report.executed).catch(() => undefined);
    const failed = executed ? failingCell(executed) : { cell: -1 };
    failures.push({
      notebook: report.notebook,
      cell: failed.cell,
      error: failed.error ?? report.error ?? "unknown error",
    });
  }
  if (failures.length) throw new BookBuildError(failures);

  const cellsDir = await Deno.makeTempDir({ prefix: "stacklab-book-" });
  try {
    await exportCells(reports.map((report) => report.executed), cellsDir);
    const pages = ["index.html"];
    for (const [i, outline] of outlines.entries()) {
      const html = await Deno.readTextFile(`${cellsDir}/${outline.slug}.html`);
      const rendered = sources[i].cells.flatMap((cell, index) =>
        cell.cell_type === "raw" ? [] : [index]
      );
      const body = prepareBody(html, rendered);
      for (const removed of body.removed) log(`! ${outline.file}: removed ${removed}`);
      await Deno.writeTextFile(
        `${out}/${outline.slug}.html`,
        notebookPage({
          outline,
          body,
          previous: outlines[i - 1],
          next: outlines[i + 1],
          download: `ipynb/${outline.file}`,
        }),
      );
      pages.push(`${outline.slug}.html`);
    }
    await Deno.writeTextFile(`${out}/index.html`, indexPage(outlines));
    const seconds = (performance.now() - started) / 1000;
    log(`✓ book in ${out}/index.html (${pages.length} pages, ${seconds.toFixed(1)} s)`);
    return { out, outlines, pages, seconds };
  } finally {
    await Deno.remove(cellsDir, { recursive: true }).catch(() => {});
  }
}
