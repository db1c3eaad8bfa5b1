/**
 * The result of checking an answer: a card that shows itself in Jupyter (green ✓, red ✗,
 * grey "not answered yet") and prints as plain text elsewhere, and the `CheckFailed`
 * error that marks a cell as failed.
 *
 *   ┌──────────────────────────────────────────────┐
 *   │ ✗ checksum-by-hand — not yet (attempt 2)      │
 *   │ Problem: your 0x1c47 is off by one            │
 *   │ Expected: the checksum as a 16-bit number     │
 *   │ Hint: fold the carry back in before you …     │
 *   └──────────────────────────────────────────────┘
 *
 * Why an error: in Deno's kernel a failing `Deno.test` leaves the cell "ok" (KERNEL-FACTS),
 * so a check that only *displays* a failure is invisible to "Run All", nbconvert and
 * graders. `CheckFailed` carries the same friendly text as its message and a stack that is
 * just that message, so the cell shows one readable error, not frames of this library.
 *
 * @module
 */

import { DISPLAY, type Displayable, type MimeBundle } from "../display/mime.ts";

/**
 * Whether an answer passed, failed, or was still a placeholder.
 *
 * @example
 * ```ts
 * import type { CheckStatus } from "./result.ts";
 * const status: CheckStatus = "not-answered";
 * ```
 */
export type CheckStatus = "pass" | "fail" | "not-answered";

/**
 * The facts a {@link CheckResult} shows.
 *
 * @example
 * ```ts
 * import type { CheckFacts } from "./result.ts";
 * const facts: CheckFacts = { id: "hosts", status: "pass", attempt: 1, expected: "a whole number" };
 * ```
 */
export interface CheckFacts {
  /** The exercise id. */
  readonly id: string;
  /** Pass, fail or not answered. */
  readonly status: CheckStatus;
  /** Which counted attempt this was (1 = first try); not-answered checks do not count. */
  readonly attempt: number;
  /** What a right answer looks like, in words. */
  readonly expected: string;
  /** What is wrong with the answer. */
  readonly problem?: string;
  /** Per-field or per-case differences. */
  readonly details?: readonly string[];
  /** The hint for this attempt. */
  readonly hint?: string;
}

const COLORS: Record<CheckStatus, { border: string; background: string; mark: string }> = {
  pass: { border: "#2e7d32", background: "#e8f5e9", mark: "✓" },
  fail: { border: "#c62828", background: "#ffebee", mark: "✗" },
  "not-answered": { border: "#757575", background: "#f5f5f5", mark: "…" },
};

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function headline(facts: CheckFacts): string {
  if (facts.status === "pass") {
    return facts.attempt <= 1 ? "correct, first try" : `correct (attempt ${facts.attempt})`;
  }
  if (facts.status === "not-answered") return "not answered yet";
  return `not yet (attempt ${facts.attempt})`;
}

/**
 * A displayable check result: an HTML card in Jupyter, plain text elsewhere.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CheckResult } from "./result.ts";
 * const result = new CheckResult({ id: "hosts", status: "pass", attempt: 1, expected: "a whole number" });
 * assert.equal(String(result), "✓ hosts: correct, first try");
 * assert.ok(result.passed);
 * ```
 */
export class CheckResult implements Displayable {
  /** What the card shows. */
  readonly facts: CheckFacts;

  /** A result from its facts. */
  constructor(facts: CheckFacts) {
    this.facts = facts;
  }

  /** Whether the answer was right. */
  get passed(): boolean {
    return this.facts.status === "pass";
  }

  /** The plain-text card: a headline, then Problem / Details / Expected / Hint lines. */
  get text(): string {
    const facts = this.facts;
    const lines = [`${COLORS[facts.status].mark} ${facts.id}: ${headline(facts)}`];
    if (facts.status === "pass") return lines[0];
    if (facts.problem) lines.push(`  Problem: ${facts.problem}`);
    for (const detail of facts.details ?? []) lines.push(`    - ${detail}`);
    lines.push(`  Expected: ${facts.expected}`);
    if (facts.hint) lines.push(`  Hint: ${facts.hint}`);
    return lines.join("\n");
  }

  /** The HTML card (inline styles, so it survives untrusted-notebook sanitising). */
  get html(): string {
    const facts = this.facts;
    const color = COLORS[facts.status];
    const row = (label: string, value: string) =>
      `<div style="margin-top:4px"><b>${label}:</b> ${escape(value)}</div>`;
    const parts = [
      `<div style="font-weight:bold">${color.mark} ${escape(facts.id)} — ${
        escape(headline(facts))
      }</div>`,
    ];
    if (facts.status !== "pass") {
      if (facts.problem) parts.push(row("Problem", facts.problem));
      if (facts.details?.length) {
        parts.push(
          `<ul style="margin:2px 0 0 0">${
            facts.details.map((detail) => `<li><code>${escape(detail)}</code></li>`).join("")
          }</ul>`,
        );
      }
      parts.push(row("Expected", facts.expected));
      if (facts.hint) parts.push(row("Hint", facts.hint));
    }
    return `<div class="stacklab-check" style="border-left:4px solid ${color.border};` +
      `background:${color.background};padding:6px 10px;margin:4px 0">${parts.join("")}</div>`;
  }

  /** The bundle for Deno's Jupyter kernel. */
  [DISPLAY](): MimeBundle {
    return { "text/html": this.html, "text/plain": this.text };
  }

  /** The plain-text card. */
  toString(): string {
    return this.text;
  }
}

/**
 * Thrown by `check()` when an answer is wrong or missing, so the cell is marked as an
 * error. Its message is the plain-text card; its stack is only that message.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CheckFailed, CheckResult } from "./result.ts";
 * const result = new CheckResult({ id: "hosts", status: "fail", attempt: 1, expected: "a whole number" });
 * const error = new CheckFailed(result);
 * assert.equal(error.name, "CheckFailed");
 * assert.ok(!error.stack?.includes(" at "));
 * ```
 */
export class CheckFailed extends Error {
  /** The result that failed. */
  readonly result: CheckResult;

  /** An error carrying `result`'s text. */
  constructor(result: CheckResult) {
    super(result.text);
    this.name = "CheckFailed";
    this.result = result;
    // The frames would point into this library, not at the learner's cell: drop them.
    this.stack = `${this.name}: ${this.message}`;
  }

  /** The card, so an error caught and shown by a cell still displays as one. */
  [DISPLAY](): MimeBundle {
    return this.result[DISPLAY]();
  }
}
