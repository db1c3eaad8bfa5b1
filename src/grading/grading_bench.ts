/**
 * Grading throughput on this machine: submissions per minute for the
 * 10-question fixture notebook, the per-submission cost of the sandbox
 * (bubblewrap + relays + seccomp + cgroup) against the plain StackLab kernel
 * (parallel 1, one run), and the cost of the default second, feedback-only run.
 * Not asserted; run `deno run -A src/grading/grading_bench.ts [count]`.
 *
 * @module
 */

import { join } from "node:path";
import { gradeSubmissions, type SubmissionResult } from "./grade.ts";
import { REPO } from "../setup/kernelspec.ts";

const FIXTURES = join(REPO, "tests/fixtures/grading");

async function run(count: number, sandbox: boolean, parallel: number, twoRuns: boolean) {
  const root = await Deno.makeTempDir({ prefix: "stacklab-bench-" });
  const notebook = await Deno.readTextFile(join(FIXTURES, "submissions/correct-01/hw.ipynb"));
  for (let i = 0; i < count; i++) {
    await Deno.mkdir(join(root, "in", `s${i}`), { recursive: true });
    await Deno.writeTextFile(join(root, "in", `s${i}`, "hw.ipynb"), notebook);
  }
  const started = performance.now();
  const results: SubmissionResult[] = await gradeSubmissions(join(root, "in"), {
    source: join(FIXTURES, "source/hw.ipynb"),
    out: join(root, "out"),
    sandbox,
    parallel,
    separateFeedbackRun: twoRuns,
  });
  const seconds = (performance.now() - started) / 1000;
  await Deno.remove(root, { recursive: true });
  const lost = results.filter((r) => r.total !== 12);
  if (lost.length > 0) {
    throw new Error(`a correct submission lost points: ${JSON.stringify(lost[0])}`);
  }
  const each = results.map((r) => r.seconds).sort((a, b) => a - b);
  return { seconds, perMinute: (count / seconds) * 60, median: each[Math.floor(each.length / 2)] };
}

if (import.meta.main) {
  const count = Number(Deno.args[0] ?? 12);
  const cores = navigator.hardwareConcurrency;
  console.log(`${count} correct submissions of the 10-question notebook, ${cores} cores`);
  const configs = [
    [false, 1, false],
    [true, 1, false],
    [false, cores, false],
    [true, cores, false],
    [true, cores, true],
  ] as const;
  for (const [sandbox, parallel, twoRuns] of configs) {
    const r = await run(count, sandbox, parallel, twoRuns);
    const label = `${sandbox ? "sandboxed" : "unsandboxed"}, parallel ${parallel}, ` +
      `${twoRuns ? "2 runs" : "1 run"}`;
    console.log(
      `${label}: ${r.seconds.toFixed(1)} s, ${r.perMinute.toFixed(1)} submissions/min, ` +
        `median ${r.median.toFixed(2)} s per submission`,
    );
  }
}
