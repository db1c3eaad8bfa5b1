/**
 * `grade` on 30 real submissions of the 10-question fixture
 * (`tests/fixtures/grading/make_fixtures.ts`): correct, partial, empty,
 * crashing and malicious. The expected table is written by hand in
 * `tests/fixtures/grading/expected.csv`; the steps then look at why each
 * hostile submission scored what it did, in its feedback and its executed
 * notebook.
 */

import assert from "node:assert/strict";
import { gradeSubmissions, type SubmissionResult } from "@src/grading/mod.ts";
import { REPO } from "@src/setup/kernelspec.ts";
import type { Notebook } from "@src/notebook/execute.ts";

const FIXTURES = new URL("./fixtures/grading/", import.meta.url).pathname;

Deno.test({
  name: "grade: 30 submissions, in parallel, in the sandbox",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const out = await Deno.makeTempDir({ prefix: "stacklab-grades-" });
    const started = performance.now();
    const results = await gradeSubmissions(`${FIXTURES}submissions`, {
      source: `${FIXTURES}source/hw.ipynb`,
      out,
      cellTimeout: 3,
      wallSeconds: 90,
      // One run per submission here, to keep the suite fast; the default second run,
      // which keeps hidden-test observations out of the feedback, has its own step below.
      separateFeedbackRun: false,
    });
    const seconds = (performance.now() - started) / 1000;
    const by = (student: string) => results.find((r) => r.student === student)!;
    const question = (student: string, id: string) =>
      by(student).questions.find((q) => q.gradeId === `${id}-tests`)!;
    const feedback = (student: string) => Deno.readTextFile(`${out}/feedback/${student}.html`);
    const executed = async (student: string): Promise<Notebook> =>
      JSON.parse(await Deno.readTextFile(`${out}/executed/${student}.ipynb`));
    const answerOutput = async (student: string, id: string) => {
      const cell = (await executed(student)).cells.find((c) =>
        (c.metadata.stacklab as { grade_id?: string })?.grade_id === `${id}-answer`
      )!;
      return (cell.outputs ?? []).map((o) => [o.text ?? "", o.evalue ?? ""].flat().join("")).join(
        "",
      );
    };

    await t.step("grades.csv equals the hand-written expected table", async () => {
      const expected = await Deno.readTextFile(`${FIXTURES}expected.csv`);
      assert.equal(await Deno.readTextFile(`${out}/grades.csv`), expected);
      const json: SubmissionResult[] = JSON.parse(await Deno.readTextFile(`${out}/grades.json`));
      assert.equal(json.length, 30);
      assert.ok(json.every((r) => r.questions.length === 10 && r.maxTotal === 12));
    });

    await t.step("feedback never shows hidden test code or values", async () => {
      for (const result of results) {
        const html = await feedback(result.student);
        assert.match(html, new RegExp(`Feedback for ${result.student}`));
        assert.doesNotMatch(html, /HIDDEN|167772161|4294967295|6765|countBits\(255\)|add\(-4, 4\)/);
      }
      assert.deepEqual(question("partial-01", "q01").reasons, ["hidden test failed"]);
      assert.match(
        await feedback("partial-01"),
        /<td>q01-tests<\/td><td>0 \/ 1<\/td><td><ul><li>hidden test failed/,
      );
      assert.deepEqual(question("partial-08", "q04").reasons, [
        "AssertionError: Expected values to be strictly equal:\n\n256 !== 254\n",
        "hidden test failed",
      ]);
    });

    await t.step("deleted, moved, duplicated and edited cells are restored", async () => {
      assert.equal(by("correct-02").total, 12);
      assert.ok(by("correct-02").notes.includes("cell q04-tests: edited source restored"));
      assert.match(
        await feedback("correct-02"),
        /Restored before grading.*cell q01-tests: deleted, restored/s,
      );
      assert.equal(by("correct-03").total, 12); // a scratch cell with a helper is kept
    });

    await t.step("an infinite loop and a never-resolving promise cost only their question", () => {
      assert.deepEqual(question("crashing-01", "q03").reasons[0], "timed out after 3 s");
      assert.deepEqual(question("crashing-02", "q08").reasons[0], "timed out after 3 s");
      for (const student of ["crashing-01", "crashing-02"]) {
        assert.equal(
          question(student, "q10").score,
          1,
          `${student} kept grading after the timeout`,
        );
        assert.ok(by(student).restarts >= 1);
      }
    });

    await t.step("a kernel crash (Deno.exit, memory hog) is contained to its question", () => {
      assert.equal(
        question("crashing-03", "q05").reasons[0],
        "your answer cell q05-answer crashed the kernel",
      );
      assert.equal(question("crashing-03", "q06").score, 1);
      assert.equal(question("crashing-05", "q07").score, 0);
      assert.equal(question("crashing-05", "q08").score, 1);
      assert.match(by("empty-04").error ?? "", /^Cannot read the submitted notebook/);
    });

    await t.step(
      "printing 'All tests passed' and rewriting test cells change nothing",
      async () => {
        assert.equal(by("malicious-01").total, 0);
        assert.match(await answerOutput("malicious-01", "q01"), /All tests passed/);
        const tests = (await executed("malicious-01")).cells.filter((c) =>
          (c.metadata.stacklab as { role?: string })?.role === "test"
        );
        assert.equal(tests.length, 10);
        assert.ok(tests.every((c) => String(c.source).includes("assert.equal(")));
      },
    );

    await t.step("redefining assert and patching the assertion module change nothing", () => {
      assert.match(question("malicious-02", "q01").reasons[0], /^AssertionError: .*0 !== 5/s);
      assert.match(
        question("malicious-02", "q02").reasons[0],
        /^AssertionError: .*false !== true/s,
      );
    });

    await t.step("hidden tests and other learners' files cannot be read", async () => {
      assert.match(await answerOutput("malicious-03", "q01"), /source: NotFound/);
      assert.match(await answerOutput("malicious-03", "q02"), /other: NotFound/);
      assert.deepEqual([
        question("malicious-03", "q01").score,
        question("malicious-03", "q02").score,
      ], [0, 0]);
    });

    await t.step(
      "network, writing outside its folder and spawning processes are denied",
      async () => {
        assert.match(await answerOutput("malicious-04", "q03"), /network: NetworkUnreachable/);
        assert.match(await answerOutput("malicious-04", "q04"), /write: Read-only file system/);
        const spawn = await answerOutput("malicious-04", "q05");
        assert.match(spawn, /spawn: PermissionDenied/);
        assert.match(spawn, /child_process: \w+/);
        assert.doesNotMatch(spawn, /child_process: undefined/);
        await assert.rejects(Deno.stat(`${REPO}/PWNED.txt`), Deno.errors.NotFound);
        await assert.rejects(Deno.stat("/tmp/stacklab-pwned.txt"), Deno.errors.NotFound);
        assert.deepEqual(["q03", "q04", "q05"].map((q) => question("malicious-04", q).score), [
          0,
          0,
          0,
        ]);
      },
    );

    await t.step(
      "a timer clearing outputs does not hide a failure (scored from the reply)",
      async () => {
        const q01 = (await executed("malicious-05")).cells.filter((c) =>
          (c.metadata.stacklab as { grade_id?: string })?.grade_id === "q01-tests"
        );
        // A timer clears outputs every millisecond. The StackLab kernel publishes a cell's
        // error last, so the clearing usually misses it; either way the question scores 0,
        // because scores come from the execute reply (scoreExecuted() is unit-tested for the
        // removed-output case in src/grading/grade_test.ts).
        assert.equal(q01.length, 2);
        const cleared = q01.every((c) => (c.outputs ?? []).length === 0);
        const reason = question("malicious-05", "q01").reasons[0];
        if (cleared) assert.equal(reason, "test failed (its error output was removed)");
        else assert.match(reason, /^\w*Error: /);
        assert.equal(question("malicious-05", "q01").score, 0);
        assert.equal(by("malicious-05").total, 0);
      },
    );

    await t.step(
      "what the learner's code sees during hidden tests never reaches the feedback",
      async () => {
        // With one run, add() saw the hidden tests' inputs and the feedback would show them…
        assert.equal(by("malicious-06").total, 12);
        assert.equal(
          question("malicious-06", "q02").reasons[0],
          "your answer cell q02-answer raised Error: captured [[2,3],[-4,4],[0.5,0.25]]",
        );
        // …so by default every message comes from a second run without hidden tests.
        const alone = await Deno.makeTempDir({ prefix: "stacklab-grades-" });
        await Deno.mkdir(`${alone}/in/malicious-06`, { recursive: true });
        await Deno.copyFile(
          `${FIXTURES}submissions/malicious-06/hw.ipynb`,
          `${alone}/in/malicious-06/hw.ipynb`,
        );
        const [twice] = await gradeSubmissions(`${alone}/in`, {
          source: `${FIXTURES}source/hw.ipynb`,
          out: `${alone}/out`,
          cellTimeout: 3,
        });
        assert.equal(twice.total, 12);
        const q02 = twice.questions.find((q) => q.gradeId === "q02-tests")!;
        assert.equal(q02.reasons[0], "your answer cell q02-answer raised Error: captured [[2,3]]");
        const html = await Deno.readTextFile(`${alone}/out/feedback/malicious-06.html`);
        assert.match(html, /captured \[\[2,3\]\]/);
        assert.doesNotMatch(html, /-4|0\.25/);
        // The instructor's executed notebook (scoring run) still shows what happened.
        const executedAlone = await Deno.readTextFile(`${alone}/out/executed/malicious-06.ipynb`);
        assert.match(executedAlone, /captured \[\[2,3\],\[-4,4\],\[0\.5,0\.25\]\]/);
        await Deno.remove(alone, { recursive: true });
      },
    );

    await t.step("no sandbox, kernel or cgroup outlives grading", async () => {
      // Killed sandboxes take a moment to disappear from the process table.
      let left = "";
      for (let attempt = 0; attempt < 50; attempt++) {
        const ps = await new Deno.Command("ps", { args: ["-eo", "args"] }).output();
        left = new TextDecoder().decode(ps.stdout).split("\n")
          .filter((line) => /_sandbox_inner\.ts|stacklab-grade-/.test(line)).join("\n");
        if (!left) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(left, "");
      const cgroup = (await Deno.readTextFile("/proc/self/cgroup")).split("\n")
        .find((line) => /^\d+:memory:/.test(line));
      if (cgroup) {
        const dir = `/sys/fs/cgroup/memory${cgroup.split(":")[2].replace(/\/$/, "")}`;
        const cgroupsLeft = [...Deno.readDirSync(dir)].filter((e) =>
          e.name.startsWith("stacklab-stacklab-grade-")
        );
        assert.deepEqual(cgroupsLeft, []);
      }
    });

    console.log(`graded 30 submissions in ${seconds.toFixed(1)} s`);
    await Deno.remove(out, { recursive: true });
  },
});
