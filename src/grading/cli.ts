/**
 * The instructor's commands:
 *
 * ```sh
 * deno task assign source/hw1.ipynb [--out release/]      # or a folder of sources
 * deno task grade submitted/ --source source/hw1.ipynb [--out grades/]
 *       [--timeout 10] [--wall 120] [--parallel N] [--memory 1024] [--no-sandbox]
 *       [--same-run-feedback]   # one run instead of two (faster; see GradeOptions)
 * ```
 *
 * @module
 */

import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import type { Notebook } from "../notebook/execute.ts";
import { assign, AssignmentError } from "./assign.ts";
import { gradeSubmissions } from "./grade.ts";

async function sourcesIn(path: string): Promise<string[]> {
  const info = await Deno.stat(path);
  if (info.isFile) return [path];
  const found: string[] = [];
  for await (const entry of Deno.readDir(path)) {
    if (entry.isFile && entry.name.endsWith(".ipynb")) found.push(join(path, entry.name));
  }
  return found.sort();
}

/** `assign`: writes the learner's version of each source into the release folder. */
export async function assignCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { out: { type: "string", default: "release" } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) {
    console.error("Usage: deno task assign <source.ipynb|folder> [--out release/]");
    return 2;
  }
  const out = values.out!;
  await Deno.mkdir(out, { recursive: true });
  let failed = 0;
  for (const path of await sourcesIn(positionals[0])) {
    try {
      const source: Notebook = JSON.parse(await Deno.readTextFile(path));
      const release = assign(source);
      const target = join(out, basename(path));
      await Deno.writeTextFile(target, JSON.stringify(release, null, 1) + "\n");
      console.log(`${path} → ${target}`);
    } catch (error) {
      failed++;
      const message = error instanceof AssignmentError || error instanceof SyntaxError
        ? error.message
        : String(error);
      console.error(`${path}: ${message}`);
    }
  }
  return failed > 0 ? 1 : 0;
}

/** `grade`: grades every submission and prints one line per learner. */
export async function gradeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      source: { type: "string" },
      out: { type: "string", default: "grades" },
      timeout: { type: "string", default: "10" },
      wall: { type: "string", default: "120" },
      parallel: { type: "string" },
      memory: { type: "string", default: "1024" },
      "no-sandbox": { type: "boolean", default: false },
      "same-run-feedback": { type: "boolean", default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length !== 1 || !values.source) {
    console.error(
      "Usage: deno task grade <submissions/> --source source.ipynb [--out grades/] " +
        "[--timeout S] [--wall S] [--parallel N] [--memory MiB] [--no-sandbox] [--same-run-feedback]",
    );
    return 2;
  }
  const results = await gradeSubmissions(positionals[0], {
    source: values.source,
    out: values.out,
    cellTimeout: Number(values.timeout),
    wallSeconds: Number(values.wall),
    parallel: values.parallel ? Number(values.parallel) : undefined,
    memoryMiB: Number(values.memory),
    sandbox: !values["no-sandbox"],
    separateFeedbackRun: !values["same-run-feedback"],
    onGraded: (r) =>
      console.log(`${r.student}: ${r.total} / ${r.maxTotal}${r.error ? ` (${r.error})` : ""}`),
  });
  console.log(`${results.length} submissions graded → ${values.out}/grades.csv`);
  return 0;
}

if (import.meta.main) {
  const [command, ...rest] = Deno.args;
  if (command === "assign") Deno.exit(await assignCommand(rest));
  if (command === "grade") Deno.exit(await gradeCommand(rest));
  console.error("Usage: deno run -A src/grading/cli.ts assign|grade …");
  Deno.exit(2);
}
