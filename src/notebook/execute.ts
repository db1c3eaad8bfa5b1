/**
 * Headless notebook execution through nbclient — the real Jupyter client —
 * on the StackLab kernel. Used by `deno task execute`, the book and the tests.
 *
 * nbclient is Python; `_execute.py` beside this file is its thin bridge and
 * reports one JSON line per notebook, never a traceback.
 *
 * @module
 */

import { fileURLToPath } from "node:url";

/** A Jupyter notebook (nbformat 4), as much of it as StackLab reads. */
export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: NotebookCell[];
}

/** One notebook cell. `source` may be a string or nbformat's list of lines. */
export interface NotebookCell {
  id?: string;
  cell_type: "code" | "markdown" | "raw";
  metadata: Record<string, unknown>;
  source: string | string[];
  outputs?: Record<string, unknown>[];
  execution_count?: number | null;
}

/** What nbclient reported for one executed notebook. */
export interface ExecutionReport {
  notebook: string;
  ok: boolean;
  error?: string;
  executed: string;
  seconds: number;
}

/** Options of {@linkcode executeFiles}. */
export interface ExecuteOptions {
  /** Folder for the executed notebooks. */
  out: string;
  /** Kernelspec name. @default "stacklab" */
  kernel?: string;
  /** Per-cell timeout in seconds. @default 300 */
  timeout?: number;
  /** Keep going after a cell raises (errors become outputs). @default false */
  allowErrors?: boolean;
  /** Appended to each executed file's name, e.g. "-run1". @default "" */
  suffix?: string;
  /** Sign the executed notebooks so classic Notebook shows their SVG. @default false */
  trust?: boolean;
  /** Extra environment for the kernel, e.g. `{ STACKLAB_PNG_FALLBACK: "1" }`. */
  env?: Record<string, string>;
}

/** Debian's Python, which has nbclient; a pyenv `python3` on PATH may not. */
export function jupyterPython(): string {
  try {
    Deno.statSync("/usr/bin/python3");
    return "/usr/bin/python3";
  } catch {
    return "python3";
  }
}

/**
 * Executes notebook files with nbclient and returns one report per notebook.
 *
 * @example
 * ```ts ignore
 * import { executeFiles } from "./execute.ts";
 * const [report] = await executeFiles(["notebooks/00-start-here.ipynb"], { out: "build/executed" });
 * console.log(report.ok, report.seconds);
 * ```
 */
export async function executeFiles(
  paths: string[],
  options: ExecuteOptions,
): Promise<ExecutionReport[]> {
  const script = fileURLToPath(new URL("./_execute.py", import.meta.url));
  const args = [script, "--kernel", options.kernel ?? "stacklab", "--out", options.out];
  args.push("--timeout", String(options.timeout ?? 300));
  if (options.allowErrors) args.push("--allow-errors");
  if (options.trust) args.push("--trust");
  if (options.suffix) args.push(`--suffix=${options.suffix}`);
  const output = await new Deno.Command(jupyterPython(), {
    args: [...args, ...paths],
    env: options.env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(output.stdout);
  const reports: ExecutionReport[] = [];
  for (const line of stdout.split("\n")) {
    if (!line.trim()) continue;
    const parsed = JSON.parse(line);
    if (parsed.notebook === undefined) throw new Error(`Cannot execute notebooks: ${parsed.error}`);
    reports.push(parsed);
  }
  if (reports.length !== paths.length) {
    const stderr = new TextDecoder().decode(output.stderr).trim().split("\n").slice(-5).join("\n");
    throw new Error(`nbclient executed ${reports.length} of ${paths.length} notebooks:\n${stderr}`);
  }
  return reports;
}

/**
 * The visible text of one output: stream text, `text/plain` of a result or
 * display, or an error's value.
 *
 * @example
 * ```ts
 * import { outputText } from "./execute.ts";
 * console.assert(outputText({ output_type: "stream", text: ["a\n", "b"] }) === "a\nb");
 * ```
 */
export function outputText(output: Record<string, unknown>): string {
  const join = (value: unknown) => Array.isArray(value) ? value.join("") : String(value ?? "");
  if (output.output_type === "stream") return join(output.text);
  if (output.output_type === "error") return String(output.evalue);
  const data = (output.data ?? {}) as Record<string, unknown>;
  return join(data["text/plain"]);
}
