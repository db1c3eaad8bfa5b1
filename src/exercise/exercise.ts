/**
 * Exercises: a cell the learner edits, then a cell that checks it.
 *
 *   // cell 1 (given): the exercise, defined once
 *   const ex = exercise("checksum-by-hand", {
 *     prompt: "Compute the IPv4 header checksum of the header above.",
 *     check: integer(0xb1e6, { describe: "the checksum as a 16-bit number" }),
 *     hints: ["Add the ten 16-bit words.", "Fold the carry: (sum & 0xffff) + (sum >> 16).", …],
 *   });
 *   // cell 2 (the learner edits): const answer = TODO;
 *   // cell 3 (given): ex.check(answer)
 *
 * `check(answer)` compares with the exercise's comparator and returns a card (✓ / ✗ /
 * not answered yet). Each wrong attempt is counted per exercise id, in memory, and picks
 * the next, more specific hint; re-running the definition cell keeps the count. Hints and
 * the "expected" words are checked at definition time never to contain the answer.
 *
 * Failure mode — decided from KERNEL-FACTS: a failing `Deno.test` in a cell leaves it
 * "ok", so only a thrown error is seen by "Run All", nbconvert and graders. By default
 * (`failure: "throw"`) a wrong or missing answer throws `CheckFailed`, whose message is the
 * card's text (no stack frames): the cell turns red like a failed assert, which is what a
 * learner expects of a check. Lecture notebooks that must run top to bottom with blanks
 * use `failure: "show"`: the card is returned and the cell stays "ok". `evaluate(answer)`
 * never throws and never counts (for graders and tests).
 *
 * `showSolution()` shows the solution only where the instructor allowed it
 * (`allowSolution: true`, or `{afterAttempts: 3}`).
 *
 * @module
 */

import { DISPLAY, type Displayable, type MimeBundle, MimeOutput } from "../display/mime.ts";
import { preview } from "./_describe.ts";
import { parseConfig, z } from "./_options.ts";
import { type Comparator, isComparator, notAnswered, type Verdict } from "./compare.ts";
import { isPlaceholder } from "./placeholder.ts";
import { CheckFailed, CheckResult } from "./result.ts";

/**
 * A check written as a function: `true` (right), `false` (wrong), a string saying what is
 * wrong, or a full {@link Verdict}.
 *
 * @example
 * ```ts
 * import type { CheckFunction } from "./exercise.ts";
 * const even: CheckFunction = (answer) => Number(answer) % 2 === 0 || "that number is odd";
 * ```
 */
export type CheckFunction = (answer: unknown) => boolean | string | Verdict;

/**
 * What an instructor gives {@link exercise}.
 *
 * @example
 * ```ts
 * import { integer, type ExerciseOptions } from "./mod.ts";
 * const options: ExerciseOptions = { prompt: "How many hosts fit in a /26?", check: integer(62) };
 * ```
 */
export interface ExerciseOptions {
  /** The question, in one or two sentences. */
  prompt: string;
  /** A comparator (`integer(…)`, `approx(…)`, `ipv4Prefix(…)`, `cases(…)`, …) or a function. */
  check: Comparator | CheckFunction;
  /** Hints, from gentle to specific: wrong attempt n shows hint n (the last one repeats). @default [] */
  hints?: string[];
  /** The solution, shown by `showSolution()` if allowed. @default undefined */
  solution?: unknown;
  /** Whether learners may see the solution: never, always, or after some attempts. @default false */
  allowSolution?: boolean | { afterAttempts: number };
  /** "throw": a wrong answer throws CheckFailed (red cell); "show": it only shows the card. @default "throw" */
  failure?: "throw" | "show";
  /** What a right answer looks like, in words. @default the comparator's words, else "the correct answer" */
  expected?: string;
}

const OptionsSchema = z.object({
  prompt: z.string().min(1),
  check: z.custom<Comparator | CheckFunction>(
    (value) => isComparator(value) || typeof value === "function",
    "must be a comparator such as integer(42) or a function answer => boolean",
  ),
  hints: z.array(z.string().min(1)).default([]),
  solution: z.unknown().optional(),
  allowSolution: z.union([
    z.boolean(),
    z.object({ afterAttempts: z.number().int().min(0) }).strict(),
  ])
    .default(false),
  failure: z.enum(["throw", "show"]).default("throw"),
  expected: z.string().min(1).optional(),
}).strict();

type Config = z.output<typeof OptionsSchema>;

/** Attempts per exercise id, for this kernel session. */
const ATTEMPTS = new Map<string, { attempts: number; passed: boolean }>();

/**
 * Forget the attempt counts of one exercise, or of all.
 *
 * @example
 * ```ts
 * import { resetAttempts } from "./exercise.ts";
 * resetAttempts("hosts-in-a-26");
 * resetAttempts();
 * ```
 */
export function resetAttempts(id?: string): void {
  if (id === undefined) ATTEMPTS.clear();
  else ATTEMPTS.delete(id);
}

/** Whether `text` gives away `secret` (whole-word for numbers, case-insensitive). */
function leaks(text: string, secret: string): boolean {
  if (secret.trim().length < 3) return false;
  const escaped = secret.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^0-9a-z])${escaped}($|[^0-9a-z])`).test(text.toLowerCase());
}

function runCheck(config: Config, answer: unknown, words: string): Verdict {
  const check = config.check;
  if (isComparator(check)) return check.compare(answer);
  if (isPlaceholder(answer)) return notAnswered(words);
  try {
    const outcome = check(answer);
    if (outcome === true) return { pass: true, expected: words };
    if (typeof outcome === "object" && outcome !== null) return outcome;
    return {
      pass: false,
      expected: words,
      problem: typeof outcome === "string" ? outcome : `your ${preview(answer)} is not right`,
    };
  } catch (error) {
    const what = error instanceof Error ? `${error.name}: ${error.message}` : preview(error);
    return {
      pass: false,
      expected: words,
      problem: `checking your answer threw ${what}. Check the value or function in your cell.`,
    };
  }
}

/**
 * One exercise: its prompt, its check, its hints and (maybe) its solution.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exercise, integer, resetAttempts } from "./mod.ts";
 * resetAttempts("hosts");
 * const ex = exercise("hosts", { prompt: "Usable hosts in a /26?", check: integer(62), failure: "show" });
 * assert.equal(ex.check(64).passed, false);
 * assert.equal(ex.check(62).passed, true);
 * assert.equal(ex.attempts, 2);
 * ```
 */
export class Exercise implements Displayable {
  /** The exercise id (also the key of its attempt count). */
  readonly id: string;
  #config: Config;
  #words: string;

  /** Use {@link exercise} instead: it validates the options. */
  constructor(id: string, config: Config) {
    this.id = id;
    this.#config = config;
    this.#words = config.expected ??
      (isComparator(config.check) ? config.check.expected : "the correct answer");
  }

  /** The question. */
  get prompt(): string {
    return this.#config.prompt;
  }

  /** Counted attempts so far (wrong or right; "not answered" does not count). */
  get attempts(): number {
    return ATTEMPTS.get(this.id)?.attempts ?? 0;
  }

  /**
   * Compare `answer` without counting an attempt or throwing: for graders and tests.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { exercise, integer } from "./mod.ts";
   * const ex = exercise("evaluate-demo", { prompt: "Bits in a byte?", check: integer(8) });
   * assert.equal(ex.evaluate(7).facts.status, "fail");
   * assert.equal(ex.attempts, 0);
   * ```
   */
  evaluate(answer: unknown): CheckResult {
    return this.#result(runCheck(this.#config, answer, this.#words), this.attempts + 1);
  }

  /**
   * Check `answer`, count the attempt and return the card; with `failure: "throw"` (the
   * default) a wrong or missing answer throws {@link CheckFailed} instead.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { CheckFailed, exercise, integer, resetAttempts, TODO } from "./mod.ts";
   * resetAttempts("bits");
   * const ex = exercise("bits", { prompt: "Bits in a byte?", check: integer(8), hints: ["Count them."] });
   * assert.throws(() => ex.check(TODO), (e) => e instanceof CheckFailed && /not answered yet/.test(e.message));
   * assert.throws(() => ex.check(7), /Hint: Count them\./);
   * assert.equal(ex.check("0b1000").passed, true);
   * ```
   */
  check(answer: unknown): CheckResult {
    const verdict = runCheck(this.#config, answer, this.#words);
    const state = ATTEMPTS.get(this.id) ?? { attempts: 0, passed: false };
    if (!verdict.notAnswered) {
      state.attempts++;
      state.passed ||= verdict.pass;
      ATTEMPTS.set(this.id, state);
    }
    const result = this.#result(verdict, state.attempts);
    if (!result.passed && this.#config.failure === "throw") throw new CheckFailed(result);
    return result;
  }

  /**
   * The hint for the next attempt, on demand (an empty card when there are none).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { exercise, integer } from "./mod.ts";
   * const ex = exercise("hint-demo", { prompt: "Bits in a byte?", check: integer(8), hints: ["Count them."] });
   * assert.equal(String(ex.hint()), "Hint for hint-demo: Count them.");
   * ```
   */
  hint(): MimeOutput {
    const hints = this.#config.hints;
    const text = hints.length === 0
      ? `No hints for ${this.id}: re-read the prompt.`
      : `Hint for ${this.id}: ${hints[Math.min(this.attempts, hints.length - 1)]}`;
    return new MimeOutput({ "text/plain": text, "text/html": `<div>${escape(text)}</div>` });
  }

  /**
   * The solution if the instructor allowed it (now, or after enough attempts), else a
   * note saying it is not released. Never throws.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { exercise, integer } from "./mod.ts";
   * const open = exercise("open", { prompt: "2 + 2?", check: integer(4), solution: 4, allowSolution: true });
   * assert.match(String(open.showSolution()), /4/);
   * const closed = exercise("closed", { prompt: "3 + 3?", check: integer(6), solution: 6 });
   * assert.doesNotMatch(String(closed.showSolution()), /6/);
   * ```
   */
  showSolution(): MimeOutput {
    const allow = this.#config.allowSolution;
    const state = ATTEMPTS.get(this.id);
    const needed = typeof allow === "object" ? allow.afterAttempts : 0;
    const released = allow === true ||
      (typeof allow === "object" && ((state?.attempts ?? 0) >= needed || state?.passed === true));
    let text: string;
    if (!released) {
      text = allow === false
        ? `The solution to ${this.id} is not released in this notebook.`
        : `The solution to ${this.id} opens after ${needed} attempts (you have made ${
          state?.attempts ?? 0
        }). Try again, or ask for a hint with .hint().`;
    } else if (this.#config.solution === undefined) {
      text = `No solution was written down for ${this.id}.`;
    } else {
      const solution = this.#config.solution;
      const shown = typeof solution === "string" || typeof solution === "function"
        ? String(solution)
        : JSON.stringify(solution, (_, v) => typeof v === "bigint" ? `${v}n` : v, 2) ??
          preview(solution);
      text = `Solution to ${this.id}:\n${shown}`;
    }
    return new MimeOutput({ "text/plain": text, "text/html": `<pre>${escape(text)}</pre>` });
  }

  /** The prompt card, shown when the exercise is a cell's last expression. */
  [DISPLAY](): MimeBundle {
    const text = `Exercise ${this.id}: ${this.prompt}\n  Expected: ${this.#words}`;
    return {
      "text/plain": text,
      "text/html":
        `<div style="border-left:4px solid #1565c0;background:#e3f2fd;padding:6px 10px">` +
        `<b>Exercise ${escape(this.id)}</b>: ${escape(this.prompt)}<br><i>Expected:</i> ${
          escape(this.#words)
        }</div>`,
    };
  }

  /** The prompt as text. */
  toString(): string {
    return this[DISPLAY]()["text/plain"];
  }

  #result(verdict: Verdict, attempt: number): CheckResult {
    const hints = this.#config.hints;
    const status = verdict.pass ? "pass" : verdict.notAnswered ? "not-answered" : "fail";
    const hint = status === "fail" && hints.length > 0
      ? hints[Math.min(attempt - 1, hints.length - 1)]
      : undefined;
    return new CheckResult({
      id: this.id,
      status,
      attempt,
      expected: verdict.expected || this.#words,
      problem: verdict.problem,
      details: verdict.details,
      hint,
    });
  }
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * Define an exercise. Validates the options (zod) and refuses hints or "expected" words
 * that contain the answer, so a hint can never give it away.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exercise, ipv4Prefix } from "./mod.ts";
 * const ex = exercise("route-for-10.1.2.3", {
 *   prompt: "Which route matches 10.1.2.3 longest?",
 *   check: ipv4Prefix("10.1.0.0/16"),
 *   hints: ["Compare the addresses bit by bit.", "Several prefixes match; keep the longest."],
 *   failure: "show",
 * });
 * assert.equal(ex.check("10.1.0.0/16").passed, true);
 * assert.throws(
 *   () => exercise("leaky", { prompt: "?", check: ipv4Prefix("10.1.0.0/16"), hints: ["It is 10.1.0.0/16."] }),
 *   /hint 1 contains the answer/,
 * );
 * ```
 */
export function exercise(id: string, options: ExerciseOptions): Exercise {
  if (typeof id !== "string" || id.trim() === "") {
    throw new TypeError(
      `exercise() needs an id string first: got ${
        preview(id)
      }. Write exercise("checksum-by-hand", {...}).`,
    );
  }
  const config = parseConfig(OptionsSchema, options, `define exercise ${JSON.stringify(id)}`);
  const secrets = [...(isComparator(config.check) ? config.check.secrets : [])];
  const solution = config.solution;
  if (
    typeof solution === "number" || typeof solution === "bigint" || typeof solution === "string"
  ) {
    secrets.push(String(solution));
  }
  const texts = [
    ...config.hints.map((hint, i) => [`hint ${i + 1}`, hint]),
    ["expected", config.expected ?? ""],
    ...(isComparator(config.check)
      ? [["the comparator's expected words", config.check.expected]]
      : []),
  ];
  for (const [where, text] of texts) {
    const secret = secrets.find((candidate) => leaks(text, candidate));
    if (secret !== undefined) {
      throw new RangeError(
        `Cannot define exercise ${JSON.stringify(id)}: ${where} contains the answer ${
          JSON.stringify(secret)
        }. Reword it so it guides without giving the answer away.`,
      );
    }
  }
  return new Exercise(id, config);
}
