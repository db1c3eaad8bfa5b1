/**
 * The StackLab command line behind README's two commands and the tasks in
 * deno.json:
 *
 * ```
 * deno task start [--headless] [jupyter args]   install what is missing, open the course
 * deno task test                                install what tests need, run every check
 * deno task execute                             run every notebook headless into build/
 * deno task install [--prefix DIR]              install only (DIR: system-wide kernelspec)
 * ```
 *
 * Every step checks before it acts, so a second run installs nothing.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { executeFiles } from "../notebook/execute.ts";
import { run } from "./_command.ts";
import { installKernelSpec, installPlace, pinDeno, REPO } from "./kernelspec.ts";
import { DENO_VERSION } from "./params.ts";
import {
  ensurePrerequisites,
  MissingPrerequisiteError,
  RUN_PREREQUISITES,
  TEST_PREREQUISITES,
} from "./prerequisites.ts";

const log = (line: string) => console.log(line);
const deno = Deno.execPath();

/** Installs everything a learner (or, with `forTests`, the test suite) needs. */
export async function install(
  options: { forTests?: boolean; prefix?: string } = {},
): Promise<void> {
  const started = performance.now();
  if (Deno.version.deno !== DENO_VERSION) {
    log(`! Deno ${Deno.version.deno} is running; StackLab is tested with ${DENO_VERSION}.`);
    log(`  Use: npx --yes deno@${DENO_VERSION} task start`);
  }
  const wanted = options.forTests
    ? [...RUN_PREREQUISITES, ...TEST_PREREQUISITES]
    : RUN_PREREQUISITES;
  const installed = await ensurePrerequisites(wanted, log);
  log(
    installed.length
      ? `✓ installed ${installed.join(", ")}`
      : "✓ Jupyter, nbconvert, nbclient, fonts present",
  );

  const cached = await run(deno, ["install", "--quiet"], { cwd: REPO });
  if (cached.code !== 0) {
    throw new MissingPrerequisiteError(
      `Could not fetch the npm dependencies in deno.json:\n${
        cached.stderr.trim().split("\n").slice(-3).join("\n")
      }\n` +
        `Check that the npm registry is reachable, then run the same command again.`,
    );
  }
  log("✓ npm dependencies cached in node_modules/ (the notebooks run offline)");

  const place = installPlace(options.prefix);
  const pinned = await pinDeno(place);
  const spec = await installKernelSpec(place, pinned.path);
  log(
    `${
      spec.changed ? "✓ installed" : "✓"
    } kernelspec "stacklab" (Deno ${DENO_VERSION}) in ${spec.dir}`,
  );
  log(`  setup took ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Executes every notebook with nbclient; writes build/executed/*.ipynb and build/html/*.html. */
export async function executeAll(): Promise<boolean> {
  const notebooks = [...Deno.readDirSync(`${REPO}/notebooks`)]
    .filter((entry) => entry.name.endsWith(".ipynb"))
    .map((entry) => `${REPO}/notebooks/${entry.name}`)
    .sort();
  const out = `${REPO}/build/executed`;
  const reports = await executeFiles(notebooks, {
    out,
    env: { STACKLAB_PNG_FALLBACK: "1" },
    trust: true,
  });
  let ok = true;
  for (const report of reports) {
    const name = report.notebook.split("/").at(-1);
    if (report.ok) log(`✓ ${name} (${report.seconds.toFixed(1)} s)`);
    else {
      ok = false;
      log(`✗ ${name}: ${report.error}`);
    }
  }
  const html = await run("jupyter-nbconvert", [
    "--to",
    "html",
    // nbconvert's stock templates run SVG outputs through a cleaner that strips the
    // charts; the book's template keeps them (see src/book/_template.html.j2).
    `--template-file=${REPO}/src/book/_template.html.j2`,
    "--log-level=WARN",
    "--output-dir",
    `${REPO}/build/html`,
    ...reports.map((report) => report.executed),
  ]);
  if (html.code !== 0) {
    log(`✗ HTML export failed: ${html.stderr.trim().split("\n").at(-1)}`);
    return false;
  }
  log(`✓ executed notebooks in build/executed/, HTML in build/html/`);
  return ok;
}

/** Runs fmt, lint, type check and every test; prints `N passed, N failed` last. */
export async function testAll(extra: string[]): Promise<boolean> {
  const env = { NO_COLOR: "1", RUST_BACKTRACE: "" };
  let failedChecks = 0;
  for (
    const [label, args] of [
      ["deno fmt --check", ["fmt", "--check"]],
      ["deno lint", ["lint"]],
      ["deno check", ["check", "."]],
    ] as const
  ) {
    const result = await run(deno, [...args], { env, cwd: REPO });
    if (result.code === 0) log(`✓ ${label}`);
    else {
      failedChecks++;
      log(
        `✗ ${label}\n${(result.stdout + result.stderr).trim().split("\n").slice(-15).join("\n")}`,
      );
    }
  }
  const child = new Deno.Command(deno, {
    args: ["test", "--allow-all", "--doc", ...extra],
    cwd: REPO,
    env,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  let tail = "";
  const decoder = new TextDecoder();
  for await (const chunk of child.stdout) {
    const text = decoder.decode(chunk);
    tail = (tail + text).slice(-4000);
    await Deno.stdout.write(chunk);
  }
  const status = await child.status;
  const match = [...tail.matchAll(/(\d+) passed(?: \([^)]*\))? \| (\d+) failed/g)].at(-1);
  const passed = match ? Number(match[1]) : 0;
  const failed = match ? Number(match[2]) : 0;
  // A run that died before its summary counts as one failure.
  const totalFailed = failed + failedChecks + (status.success || failed > 0 ? 0 : 1);
  log(`${passed} passed, ${totalFailed} failed`);
  return totalFailed === 0;
}

async function main(): Promise<number> {
  const [command = "help", ...rest] = Deno.args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { headless: { type: "boolean" }, prefix: { type: "string" } },
    allowPositionals: true,
    strict: false,
  });
  switch (command) {
    case "start": {
      await install();
      if (values.headless) return (await executeAll()) ? 0 : 1;
      log("Opening the course in Jupyter (Ctrl+C twice to stop) …");
      // Everything but our own flags goes to Jupyter (e.g. --no-browser --port 8899).
      const args = ["notebooks/00-start-here.ipynb", ...rest.filter((arg) => arg !== "--headless")];
      if (Deno.uid() === 0) args.push("--allow-root");
      const result = await run("jupyter-notebook", args, { cwd: REPO, inherit: true });
      return result.code;
    }
    case "install":
      await install({ prefix: values.prefix as string | undefined });
      return 0;
    case "execute":
      await install();
      return (await executeAll()) ? 0 : 1;
    case "test":
      await install({ forTests: true });
      return (await testAll(positionals.map(String))) ? 0 : 1;
    default:
      log("usage: deno task start [--headless] | test | execute | install [--prefix DIR]");
      return command === "help" ? 0 : 2;
  }
}

if (import.meta.main) {
  try {
    Deno.exit(await main());
  } catch (error) {
    if (error instanceof MissingPrerequisiteError) {
      console.error(`\n${error.message}`);
      Deno.exit(1);
    }
    throw error;
  }
}
