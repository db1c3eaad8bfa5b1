/**
 * `grade`: execute every submission against its source and score it.
 *
 * For each learner (a folder with a notebook, or a notebook file):
 * 1. restore the submission against the source (`restore.ts`): locked and
 *    test cells from the source by grade_id, the learner's answers kept,
 *    hidden tests back in as separate cells;
 * 2. execute it with nbclient (`_grade.py`) on the StackLab kernel inside the
 *    sandbox (`sandbox.ts`), with a per-cell timeout and a wall limit; a
 *    timeout or a crash costs that question, the rest still runs;
 * 3. execute it a second time without the hidden tests, concurrently: every
 *    message the learner sees comes from that run, so nothing the learner's
 *    code observed while hidden tests ran can be smuggled into the feedback;
 * 4. score each grade cell with nbgrader's `determine_grade`, made stricter: a
 *    cell whose execute reply was not "ok" scores 0 even if its error output
 *    was cleared, and a cell that never finished (timeout, dead kernel, wall
 *    limit) scores 0; hidden parts count for their question;
 * 5. write `grades.csv`, `grades.json`, `feedback/<learner>.html` and the
 *    executed notebooks (`executed/<learner>.ipynb`, instructors only).
 *
 * Submissions run in parallel, `navigator.hardwareConcurrency` at a time.
 *
 * @module
 */

import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { jupyterPython, type Notebook, type NotebookCell } from "../notebook/execute.ts";
import { REPO } from "../setup/kernelspec.ts";
import { validateSource } from "./assign.ts";
import { feedbackHtml } from "./feedback.ts";
import { determineGrade, isGrade, isSolution, isTask } from "./metadata.ts";
import { restoreSubmission } from "./restore.ts";
import { createMemoryCgroup, removeCgroup, writeSandboxKernelspec } from "./sandbox.ts";

/** Options of {@linkcode gradeSubmissions}. */
export interface GradeOptions {
  /** The instructor's source notebook (with solutions and hidden tests). */
  source: string;
  /** Folder for grades.csv, grades.json, feedback/ and executed/. @default "grades" */
  out?: string;
  /** Seconds one cell may run. @default 10 */
  cellTimeout?: number;
  /** Seconds one whole submission may run. @default 120 */
  wallSeconds?: number;
  /** Submissions graded at once. @default navigator.hardwareConcurrency */
  parallel?: number;
  /** Run the kernel in the bubblewrap sandbox. @default true */
  sandbox?: boolean;
  /** Memory limit per submission in MiB. @default 1024 */
  memoryMiB?: number;
  /** The Deno binary for the kernel. @default Deno.execPath() */
  deno?: string;
  /**
   * Take every text a learner sees (error messages) from a second run without the
   * hidden tests, so nothing the learner's code learns while hidden tests run (their
   * inputs, their source in the kernel's memory) can reach the feedback. Scores come
   * from the run with hidden tests. Doubles the work per submission. @default true
   */
  separateFeedbackRun?: boolean;
  /** Called after each submission, e.g. for a progress line. */
  onGraded?: (result: SubmissionResult) => void;
}

/** The score of one question (one grade cell) for one learner. */
export interface QuestionScore {
  gradeId: string;
  /** Null: a person must grade it (a manually graded answer or task). */
  score: number | null;
  maxPoints: number;
  /** Why points were lost, as shown in the feedback ("hidden test failed", "timed out after 10 s"). */
  reasons: string[];
  manual: boolean;
}

/** Everything known about one graded submission. */
export interface SubmissionResult {
  student: string;
  questions: QuestionScore[];
  total: number;
  maxTotal: number;
  /** What restoring the submission changed. */
  notes: string[];
  /** Kernel restarts after a timeout or crash. */
  restarts: number;
  seconds: number;
  /** Set when the submission could not be graded at all (unreadable notebook…). */
  error?: string;
  /** For the instructor: what went wrong in the grading machinery and was retried. */
  warnings?: string[];
}

/** One submission found in the submissions folder. */
export interface Submission {
  student: string;
  notebook: string;
  /** The learner's folder (copied into the sandbox), or undefined for a bare notebook. */
  folder?: string;
}

/**
 * Finds submissions: each sub-folder holding a notebook (the one named like
 * the source if there are several) is one learner; a notebook directly in
 * the folder is one learner named after the file.
 */
export async function findSubmissions(root: string, sourceName: string): Promise<Submission[]> {
  const found: Submission[] = [];
  for await (const entry of Deno.readDir(root)) {
    const path = join(root, entry.name);
    if (entry.isFile && entry.name.endsWith(".ipynb")) {
      found.push({ student: entry.name.replace(/\.ipynb$/, ""), notebook: path });
    } else if (entry.isDirectory) {
      const notebooks: string[] = [];
      for await (const inner of Deno.readDir(path)) {
        if (inner.isFile && inner.name.endsWith(".ipynb")) notebooks.push(inner.name);
      }
      notebooks.sort();
      const pick = notebooks.includes(sourceName) ? sourceName : notebooks[0];
      if (pick) found.push({ student: entry.name, notebook: join(path, pick), folder: path });
    }
  }
  return found.sort((a, b) => a.student < b.student ? -1 : a.student > b.student ? 1 : 0);
}

const safeName = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, "_");

/**
 * Runs before any learner code: makes the assertion modules and a few
 * intrinsics that tests rely on immutable, so a learner cannot turn
 * `assert.equal` or `Object.is` into no-ops. (A learner may still shadow
 * names with their own declarations; test cells import what they use.)
 */
export const PRELUDE = [
  'import __stacklabAssert from "node:assert";',
  'import __stacklabStrict from "node:assert/strict";',
  "for (const frozen of [__stacklabAssert, __stacklabStrict, Object, JSON, Reflect, Number, String,",
  "  Array]) Object.freeze(frozen);",
].join("\n");

interface CellReport {
  status: "ok" | "error" | "aborted" | "timeout" | "wall" | "dead" | "skipped";
  seconds: number;
}

/** Scores an executed notebook made by {@linkcode restoreSubmission}. */
export function scoreExecuted(
  executed: Notebook,
  reports: CellReport[],
  cellTimeout: number,
  feedbackRun?: Notebook,
): QuestionScore[] {
  const questions = new Map<string, QuestionScore>();
  // The text a learner sees comes from the run without hidden tests, when there is one:
  // cell i of `executed` (not hidden) is cell visibleIndex[i] of `feedbackRun`.
  const visibleIndex = new Map<number, number>();
  executed.cells.forEach((cell, index) => {
    if ((cell.metadata.stacklab as { role?: string })?.role !== "hidden") {
      visibleIndex.set(index, visibleIndex.size);
    }
  });
  const errorOf = (index: number) => {
    const cell = feedbackRun
      ? feedbackRun.cells[visibleIndex.get(index) ?? -1]
      : executed.cells[index];
    return (cell?.outputs ?? []).find((o) => o.output_type === "error");
  };
  /** Problems of answer cells, reported with the next question (the one that tests them). */
  let pending: string[] = [];
  executed.cells.forEach((cell, index) => {
    const stacklab = (cell.metadata.stacklab ?? {}) as { role?: string; grade_id?: string };
    const status = reports[index]?.status ?? "skipped";
    const id = stacklab.grade_id;
    if (stacklab.role === "answer" || stacklab.role === "scratch") {
      const what = stacklab.role === "answer" ? `your answer cell ${id}` : "your own cell";
      const error = errorOf(index);
      if (status === "timeout") pending.push(`${what} timed out after ${cellTimeout} s`);
      else if (status === "wall") {
        pending.push(`${what} was stopped at the submission's time limit`);
      } else if (status === "dead") pending.push(`${what} crashed the kernel`);
      else if (error) {
        pending.push(
          `${what} raised ${String(error.ename)}: ${String(error.evalue).slice(0, 200)}`,
        );
      }
    }
    if (cell.metadata.nbgrader && isGrade(cell) && id) {
      const [score, maxPoints] = determineGrade(cell);
      const manual = score === null || isTask(cell);
      questions.set(id, { gradeId: id, score, maxPoints, reasons: pending, manual });
      pending = [];
    }
    if (!id || !questions.has(id)) return;
    const question = questions.get(id)!;
    if (question.manual || (stacklab.role !== "test" && stacklab.role !== "hidden")) return;
    let reason: string | undefined;
    if (status === "timeout") reason = `timed out after ${cellTimeout} s`;
    else if (status === "wall") reason = "stopped: the submission's time limit was reached";
    else if (status === "dead") reason = "the kernel crashed";
    else if (status === "skipped" || status === "aborted") reason = "not run (time limit)";
    else if (stacklab.role === "hidden") {
      const failed = status !== "ok" || (cell.outputs ?? []).some((o) => o.output_type === "error");
      if (failed) reason = "hidden test failed";
    } else if (status !== "ok" || question.score === 0) {
      const error = errorOf(index);
      const own = (cell.outputs ?? []).find((o) => o.output_type === "error");
      reason = error
        ? `${String(error.ename)}: ${String(error.evalue).slice(0, 300)}`
        : own || feedbackRun
        ? "test failed"
        : "test failed (its error output was removed)";
    }
    if (reason) {
      question.score = 0;
      question.reasons.push(reason);
    }
  });
  // A manually graded answer is scored by a person; nothing automatic to add.
  return [...questions.values()];
}

interface RunResult {
  report: {
    cells: CellReport[];
    restarts: number;
    error?: string;
    start_errors?: string[];
    cell_errors?: string[];
  };
  executed: Notebook;
}

/** One nbclient execution of `notebook` (in its own sandbox, cgroup and copy of the learner's folder). */
async function runOnce(
  notebook: Notebook,
  name: string,
  temp: string,
  submission: Submission,
  hide: string[],
  options: GradeOptions,
): Promise<RunResult> {
  const dir = join(temp, name);
  await Deno.mkdir(dir, { mode: 0o711 });
  // The learner's folder, copied; the notebook to execute stays outside it (exec/ is root-only).
  const work = join(dir, "work");
  await Deno.mkdir(work);
  if (submission.folder) await copyFolder(submission.folder, work);
  const exec = join(dir, "exec");
  await Deno.mkdir(exec, { mode: 0o700 });
  let input = join(exec, "submission.ipynb");
  await Deno.writeTextFile(input, JSON.stringify(notebook));
  const cellTimeout = options.cellTimeout ?? 10;
  const wall = options.wallSeconds ?? 120;
  let kernel = "stacklab";
  let cgroup: string | undefined;
  const env: Record<string, string> = { NO_COLOR: "1" };
  try {
    if (options.sandbox !== false) {
      const memoryMiB = options.memoryMiB ?? 1024;
      cgroup = await createMemoryCgroup(`stacklab-${basename(temp)}-${name}`, memoryMiB);
      const jupyterPath = join(dir, "jupyter");
      kernel = "stacklab-grading";
      await writeSandboxKernelspec(jupyterPath, kernel, {
        repo: REPO,
        deno: options.deno ?? Deno.execPath(),
        workDir: work,
        hide,
        memoryMiB,
        cgroup,
        runtimeParent: dir,
      });
      env.JUPYTER_PATH = jupyterPath;
    } else {
      // Unsandboxed (for comparison only): the notebook runs from the learner's copy.
      input = join(work, "submission.ipynb");
      await Deno.writeTextFile(input, JSON.stringify(notebook));
    }
    const job = join(exec, "job.json");
    const executedPath = join(exec, "executed.ipynb");
    await Deno.writeTextFile(
      job,
      JSON.stringify({
        notebook: input,
        out: executedPath,
        kernel,
        cell_timeout: cellTimeout,
        wall,
      }),
    );
    const script = fileURLToPath(new URL("./_grade.py", import.meta.url));
    const child = new Deno.Command(jupyterPython(), {
      args: [script, job],
      env,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    // The bridge keeps to the wall limit itself; this is the backstop.
    const killer = setTimeout(() => {
      try {
        child.kill("SIGKILL");
      } catch { /* gone */ }
    }, (wall + 60) * 1000);
    const output = await child.output();
    clearTimeout(killer);
    const line = new TextDecoder().decode(output.stdout).trim().split("\n").at(-1) ?? "";
    let report: RunResult["report"];
    try {
      report = JSON.parse(line);
    } catch {
      const stderr = new TextDecoder().decode(output.stderr).trim().split("\n").slice(-3);
      throw new Error(`the grading run ended without a report: ${stderr.join(" / ")}`);
    }
    if (report.error) {
      // Not the learner's fault (the kernel never started, nbclient failed): grading failed.
      throw new Error(`the ${name} run failed: ${report.error}`);
    }
    return { report, executed: JSON.parse(await Deno.readTextFile(executedPath)) };
  } finally {
    await removeCgroup(cgroup);
  }
}

async function gradeOne(
  submission: Submission,
  source: Notebook,
  sourcePath: string,
  submissionsRoot: string,
  out: string,
  options: GradeOptions,
): Promise<SubmissionResult> {
  const started = performance.now();
  const cellTimeout = options.cellTimeout ?? 10;
  const result: SubmissionResult = {
    student: submission.student,
    questions: [],
    total: 0,
    maxTotal: 0,
    notes: [],
    restarts: 0,
    seconds: 0,
  };
  const temp = await Deno.makeTempDir({ prefix: "stacklab-grade-" });
  // The sandbox user may pass through (to its own folder), not list or read.
  await Deno.chmod(temp, 0o711);
  try {
    let student: Notebook;
    try {
      student = JSON.parse(await Deno.readTextFile(submission.notebook));
      if (!Array.isArray(student.cells)) throw new TypeError("no cells array");
    } catch (error) {
      throw new Error(`Cannot read the submitted notebook: ${(error as Error).message}`);
    }
    const restored = restoreSubmission(source, student);
    result.notes = restored.notes;
    const cells = [
      {
        cell_type: "code" as const,
        metadata: { stacklab: { role: "prelude" } },
        source: PRELUDE,
        outputs: [],
        execution_count: null,
      },
      ...restored.notebook.cells,
    ].map((cell, index) => ({ id: `cell-${index}`, ...cell }));
    const full: Notebook = { ...restored.notebook, nbformat_minor: 5, cells };
    // Whatever in the repository could hold answers or other learners' work.
    const hide = [
      dirname(sourcePath),
      submissionsRoot,
      out,
      ...[".git", "tests", "build"].map((name) => join(REPO, name)),
    ];
    const role = (cell: NotebookCell) => (cell.metadata.stacklab as { role?: string }).role;
    const separate = options.separateFeedbackRun !== false;
    const visible: Notebook = { ...full, cells: cells.filter((cell) => role(cell) !== "hidden") };
    const [scoring, feedback] = await Promise.all([
      runOnce(full, "score", temp, submission, hide, options),
      separate ? runOnce(visible, "feedback", temp, submission, hide, options) : undefined,
    ]);
    result.restarts = scoring.report.restarts;
    const warnings = [scoring, feedback].flatMap((run) => [
      ...(run?.report.start_errors ?? []).map((e) => `kernel start retried: ${e}`),
      ...(run?.report.cell_errors ?? []),
    ]);
    if (warnings.length > 0) result.warnings = warnings;
    result.questions = scoreExecuted(
      scoring.executed,
      scoring.report.cells,
      cellTimeout,
      feedback?.executed,
    );
    await Deno.mkdir(join(out, "executed"), { recursive: true });
    await Deno.writeTextFile(
      join(out, "executed", `${safeName(submission.student)}.ipynb`),
      JSON.stringify(scoring.executed, null, 1),
    );
  } catch (error) {
    result.error = (error as Error).message;
    // Nothing could run: every question scores 0 (manual ones still need a person).
    result.questions = questionsOf(source).map((q) => ({
      ...q,
      score: q.manual ? null : 0,
      reasons: q.manual ? [] : [`not graded: ${result.error}`],
    }));
  } finally {
    await Deno.remove(temp, { recursive: true }).catch(() => {});
  }
  result.total = result.questions.reduce((sum, q) => sum + (q.score ?? 0), 0);
  result.maxTotal = result.questions.reduce((sum, q) => sum + q.maxPoints, 0);
  result.seconds = Math.round(performance.now() - started) / 1000;
  return result;
}

/** The questions (grade cells) of a source notebook, unscored. */
export function questionsOf(source: Notebook): QuestionScore[] {
  return source.cells.filter((cell) => isGrade(cell)).map((cell: NotebookCell) => {
    const nbgrader = cell.metadata.nbgrader as { grade_id: string; points: number };
    const manual = isSolution(cell) || isTask(cell) || cell.cell_type !== "code";
    return {
      gradeId: nbgrader.grade_id,
      score: null,
      maxPoints: nbgrader.points,
      reasons: [],
      manual,
    };
  });
}

async function copyFolder(from: string, to: string): Promise<void> {
  for await (const entry of Deno.readDir(from)) {
    const a = join(from, entry.name);
    const b = join(to, entry.name);
    if (entry.isDirectory) {
      await Deno.mkdir(b);
      await copyFolder(a, b);
    } else if (entry.isFile) await Deno.copyFile(a, b);
    // symlinks are not followed: they could point at other learners' work
  }
}

/** Formats a score for CSV: integers without ".0", manual grades empty. */
const formatScore = (score: number | null) => score === null ? "" : String(score);

/**
 * The grades table: one row per learner, one column per question (grade_id
 * in source order), then total and max.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gradesCsv } from "./grade.ts";
 * const row = { student: "ada", total: 2, maxTotal: 3, notes: [], restarts: 0, seconds: 1,
 *   questions: [{ gradeId: "q1", score: 2, maxPoints: 2, reasons: [], manual: false },
 *               { gradeId: "q2", score: 0, maxPoints: 1, reasons: ["x"], manual: false }] };
 * assert.ok(gradesCsv([row]) === "student,q1,q2,total,max\nada,2,0,2,3\n");
 * ```
 */
export function gradesCsv(results: SubmissionResult[]): string {
  const ids = results[0]?.questions.map((q) => q.gradeId) ?? [];
  const quote = (text: string) => /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  const lines = [["student", ...ids, "total", "max"].join(",")];
  for (const result of results) {
    const byId = new Map(result.questions.map((q) => [q.gradeId, q]));
    lines.push(
      [
        quote(result.student),
        ...ids.map((id) => formatScore(byId.get(id)?.score ?? null)),
        formatScore(result.total),
        formatScore(result.maxTotal),
      ].join(","),
    );
  }
  return lines.join("\n") + "\n";
}

/**
 * Grades every submission in `submissionsDir` against `options.source` and
 * writes grades.csv, grades.json, feedback/*.html and executed/*.ipynb into
 * `options.out`. Resolves with one result per learner, sorted by name.
 *
 * @example
 * ```ts ignore
 * import { gradeSubmissions } from "./grade.ts";
 * const results = await gradeSubmissions("submitted/", { source: "source/hw1.ipynb", out: "grades/" });
 * console.log(results.map((r) => `${r.student} ${r.total}/${r.maxTotal}`).join("\n"));
 * ```
 */
export async function gradeSubmissions(
  submissionsDir: string,
  options: GradeOptions,
): Promise<SubmissionResult[]> {
  const sourcePath = resolve(options.source);
  const source: Notebook = JSON.parse(await Deno.readTextFile(sourcePath));
  const problems = validateSource(source);
  if (problems.length > 0) throw problems[0];
  const root = resolve(submissionsDir);
  const out = resolve(options.out ?? "grades");
  await Deno.mkdir(join(out, "feedback"), { recursive: true });
  const submissions = await findSubmissions(root, basename(sourcePath));
  // As root, the sandbox runs as nobody, who may not reach a Deno under /root: share a copy.
  let shared: string | undefined;
  if (options.sandbox !== false && Deno.uid() === 0) {
    shared = await Deno.makeTempDir({ prefix: "stacklab-grading-deno-" });
    await Deno.chmod(shared, 0o755);
    await Deno.copyFile(options.deno ?? Deno.execPath(), join(shared, "deno"));
    await Deno.chmod(join(shared, "deno"), 0o755);
    options = { ...options, deno: join(shared, "deno") };
  }
  const results: SubmissionResult[] = new Array(submissions.length);
  const parallel = Math.max(1, options.parallel ?? navigator.hardwareConcurrency ?? 1);
  let next = 0;
  const worker = async () => {
    while (next < submissions.length) {
      const index = next++;
      const result = await gradeOne(submissions[index], source, sourcePath, root, out, options);
      results[index] = result;
      await Deno.writeTextFile(
        join(out, "feedback", `${safeName(result.student)}.html`),
        feedbackHtml(result),
      );
      options.onGraded?.(result);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(parallel, submissions.length) }, worker));
  } finally {
    if (shared) await Deno.remove(shared, { recursive: true }).catch(() => {});
  }
  await Deno.writeTextFile(join(out, "grades.csv"), gradesCsv(results));
  await Deno.writeTextFile(join(out, "grades.json"), JSON.stringify(results, null, 2) + "\n");
  return results;
}
