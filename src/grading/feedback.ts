/**
 * The feedback page a learner gets: per question, the score and why points
 * were lost — the error name and message of a failed visible test, only
 * "hidden test failed" for a hidden one (never its code, inputs or output),
 * "timed out" or "the kernel crashed" when a cell did not finish.
 *
 * @module
 */

import type { SubmissionResult } from "./grade.ts";

const escape = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");

/**
 * A standalone HTML page (no scripts) for one learner.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { feedbackHtml } from "./feedback.ts";
 * const html = feedbackHtml({ student: "ada", total: 0, maxTotal: 1, notes: [], restarts: 0, seconds: 1,
 *   questions: [{ gradeId: "q1", score: 0, maxPoints: 1, reasons: ["hidden test failed"], manual: false }] });
 * assert.ok(html.includes("hidden test failed") && html.includes("0 / 1"));
 * ```
 */
export function feedbackHtml(result: SubmissionResult): string {
  const rows = result.questions.map((q) => {
    const score = q.manual ? "to be graded by hand" : `${q.score ?? 0} / ${q.maxPoints}`;
    const status = q.manual ? "manual" : q.score === q.maxPoints ? "passed" : "failed";
    const why = q.reasons.length > 0
      ? `<ul>${q.reasons.map((reason) => `<li>${escape(reason)}</li>`).join("")}</ul>`
      : q.manual
      ? ""
      : "all tests passed";
    return `<tr class="${status}"><td>${
      escape(q.gradeId)
    }</td><td>${score}</td><td>${why}</td></tr>`;
  });
  const notes = result.notes.length > 0
    ? `<h2>Restored before grading</h2><ul>${
      result.notes.map((note) => `<li>${escape(note)}</li>`).join("")
    }</ul>`
    : "";
  const error = result.error ? `<p class="error">${escape(result.error)}</p>` : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Feedback: ${escape(result.student)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}
tr.passed td:nth-child(2){color:#196c2e}tr.failed td:nth-child(2){color:#a40e26}.error{color:#a40e26}</style>
</head><body>
<h1>Feedback for ${escape(result.student)}</h1>
<p>Score: <strong>${result.total} / ${result.maxTotal}</strong></p>${error}
<table><thead><tr><th>question</th><th>score</th><th>what failed and why</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table>
${notes}
</body></html>
`;
}
