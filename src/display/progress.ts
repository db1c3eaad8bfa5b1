// A progress bar for long simulations: one live output (live.ts) redrawn as work
// advances, throttled so a tight loop does not flood the notebook with messages.
//
//   const bar = progress(1000, {label: "simulating"});
//   for (let i = 1; i <= 1000; i++) { step(); bar.update(i); }
//   await bar.done();
//
//   text/plain:  simulating ████████████░░░░░░░░ 60% (600/1000)
//   text/html:   the same, with the bar drawn as two nested <span>s (inline styles)
//
// Throttle: an update is shown only if at least `interval` ms (default 100, so ≤ 10
// per second) passed since the last one shown; the first update and the final one
// (done === total, or done()) are always shown.
//
//   filled cells = floor(done / total × barWidth);  percent = floor(done / total × 100)

import { escapeMarkup } from "./_escape.ts";
import { formatNumber } from "./_format.ts";
import { parseOptions, z } from "../options/mod.ts";
import { live, type LiveDisplay, type LiveOptions } from "./live.ts";
import type { MimeBundle } from "./mime.ts";

/**
 * Options for {@linkcode progress}.
 *
 * @example
 * ```ts
 * import { progress, type ProgressOptions } from "./progress.ts";
 * const options: ProgressOptions = { label: "routing", barWidth: 10, interval: 250, sink: "none" };
 * await progress(5, options).done();
 * ```
 */
export interface ProgressOptions {
  /**
   * Text before the bar.
   * @default {""}
   */
  label?: string;
  /**
   * Cells in the text bar (the HTML bar is 10 px per cell).
   * @default {20}
   */
  barWidth?: number;
  /**
   * Minimum milliseconds between two shown updates.
   * @default {100}
   */
  interval?: number;
  /**
   * Where the bar is shown; see {@linkcode LiveOptions}.
   * @default {"auto"}
   */
  sink?: LiveOptions["sink"];
  /**
   * Clock in milliseconds, for the throttle (tests pass a fake one).
   * @default {performance.now}
   */
  now?: () => number;
}

const schema = z.object({
  label: z.string().default(""),
  barWidth: z.number().int().min(1).max(200).default(20),
  interval: z.number().min(0).default(100),
  sink: z.unknown().optional(),
  now: z.custom<() => number>((value) => typeof value === "function", {
    message: "must be a function",
  }).optional(),
}).strict();

/**
 * The bar as a MIME bundle (no display, no throttle): useful for tests and reports.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { progressBundle } from "./progress.ts";
 * const bundle = progressBundle(600, 1000, { label: "load", barWidth: 10 });
 * assert.deepEqual(bundle["text/plain"], "load ██████░░░░ 60% (600/1000)");
 * ```
 */
export function progressBundle(
  done: number,
  total: number,
  options: { label?: string; barWidth?: number } = {},
): MimeBundle {
  const { label = "", barWidth = 20 } = options;
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const filled = Math.floor(fraction * barWidth);
  const percent = Math.floor(fraction * 100);
  const counts = `${percent}% (${formatNumber(done)}/${formatNumber(total)})`;
  const text = `${label ? `${label} ` : ""}${"█".repeat(filled)}${
    "░".repeat(barWidth - filled)
  } ${counts}`;
  const html = `<div style="font-size:12px;font-variant-numeric:tabular-nums">` +
    (label ? `<span>${escapeMarkup(label)}</span> ` : "") +
    `<span style="display:inline-block;vertical-align:middle;width:${barWidth * 10}px;` +
    `height:10px;background:#e3e5ea;border-radius:2px;overflow:hidden">` +
    `<span style="display:block;height:100%;width:${(fraction * 100).toFixed(1)}%;` +
    `background:#4269d0"></span></span> <span>${escapeMarkup(counts)}</span></div>`;
  return { "text/html": html, "text/plain": text };
}

/**
 * A progress bar handle; made by {@linkcode progress}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { progress } from "./progress.ts";
 * const bar = progress(4, { barWidth: 4, sink: "none" });
 * bar.update(2);
 * assert.equal(String(bar), "██░░ 50% (2/4)");
 * ```
 */
export class Progress {
  /** How much work there is. */
  readonly total: number;
  /** The live output the bar is drawn in. */
  readonly display: LiveDisplay;
  readonly #label: string;
  readonly #barWidth: number;
  readonly #interval: number;
  readonly #now: () => number;
  #value = 0;
  #shownAt = -Infinity;
  #shownValue = 0;

  /** Use {@linkcode progress}. */
  constructor(total: number, options: Required<Omit<ProgressOptions, "sink">> & ProgressOptions) {
    this.total = total;
    this.#label = options.label;
    this.#barWidth = options.barWidth;
    this.#interval = options.interval;
    this.#now = options.now;
    this.display = live(this.#bundle(0), { sink: options.sink });
  }

  /** The latest value passed to `update()`. */
  get value(): number {
    return this.#value;
  }

  /**
   * Record that `done` units of work are finished and redraw, unless the last redraw was
   * less than `interval` ms ago (the final value is always drawn).
   */
  update(done: number): void {
    if (!Number.isFinite(done) || done < 0 || done > this.total) {
      throw new RangeError(
        `Cannot update the progress bar: done is ${done}, outside 0…${this.total}; ` +
          `pass a count between 0 and the total given to progress()`,
      );
    }
    this.#value = done;
    if (done === this.#shownValue) return; // already on screen
    const now = this.#now();
    if (done !== this.total && now - this.#shownAt < this.#interval) return;
    this.#shownAt = now;
    this.#shownValue = done;
    void this.display.update(this.#bundle(done));
  }

  /** Draw the bar full (total/total) and wait until the output has been updated. */
  async done(): Promise<void> {
    this.#value = this.total;
    if (this.#shownValue !== this.total) {
      this.#shownValue = this.total;
      void this.display.update(this.#bundle(this.total));
    }
    await this.display.settle();
  }

  /** The bar as text. */
  toString(): string {
    return this.#bundle(this.#value)["text/plain"];
  }

  #bundle(done: number): MimeBundle {
    return progressBundle(done, this.total, { label: this.#label, barWidth: this.#barWidth });
  }
}

/**
 * Show a progress bar for `total` units of work; call `update(done)` as work advances
 * and `await done()` at the end.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { progress } from "./progress.ts";
 * const bar = progress(1000, { label: "simulating", sink: "none" });
 * for (let i = 1; i <= 1000; i++) bar.update(i);
 * await bar.done();
 * assert.deepEqual(String(bar), "simulating ████████████████████ 100% (1000/1000)");
 * ```
 */
export function progress(total: number, options: ProgressOptions = {}): Progress {
  if (typeof total !== "number" || !Number.isFinite(total) || total <= 0) {
    throw new RangeError(
      `Cannot create a progress bar: total is ${total}; pass a positive number of work units`,
    );
  }
  const parsed = parseOptions(schema, options, "create a progress bar");
  return new Progress(total, {
    label: parsed.label,
    barWidth: parsed.barWidth,
    interval: parsed.interval,
    now: parsed.now ?? (() => performance.now()),
    sink: options.sink,
  });
}
