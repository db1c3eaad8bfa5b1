// A live display: one notebook output that is replaced in place, for stepped
// animations ("the queue after event 1, 2, 3 …") and progress bars.
//
//   const view = live(chartAt(0));        // shows output "stacklab-live-1"
//   for (step…) await view.update(chartAt(step));   // replaces that same output
//
// In Deno's Jupyter kernel the handle calls
//   Deno.jupyter.display(bundle, {raw: true, display_id, update})
// — the first time without `update`, then with `update: true`. Display ids come from a
// counter (stacklab-live-1, -2, …), never from randomness.
//
// Outside the kernel (tests, the CLI) there is no notebook to write to, and merely
// touching `Deno.jupyter` throws. The handle then still works — it keeps the latest
// bundle in `.bundle` — and sends it to a *sink*: none by default, stderr on request,
// or any object with a `show()` method (tests inject one to record what was shown).
//
// Kernel detection: STACKLAB_KERNEL=0 forces "not in a kernel"; otherwise the kernel is
// present when `Deno.jupyter.display` can be read (inside a try/catch). The StackLab
// kernel sets STACKLAB_KERNEL=1.
//
// Output race (see KERNEL-FACTS): the kernel may report a cell idle before its last
// display arrives. End a cell that updates a live display with `await view.settle()`.

import { type Displayable, isDisplayable, type MimeBundle, toBundle } from "./mime.ts";

/**
 * Where a live display's bundles go.
 *
 * @example
 * ```ts
 * import { live, type DisplaySink } from "./live.ts";
 * const log: string[] = [];
 * const sink: DisplaySink = { show: (bundle) => void log.push(bundle["text/plain"]) };
 * await live({ "text/plain": "hello" }, { sink }).settle();
 * ```
 */
export interface DisplaySink {
  /** Show `bundle` as output `id`; `update` is false the first time, true afterwards. */
  show(bundle: MimeBundle, target: { id: string; update: boolean }): void | Promise<void>;
}

type JupyterDisplay = (
  value: unknown,
  options: { raw: boolean; display_id: string; update: boolean },
) => Promise<void>;

function jupyterDisplay(): JupyterDisplay | null {
  try {
    if (Deno.env.get("STACKLAB_KERNEL") === "0") return null;
  } catch {
    // no --allow-env: fall through to the probe
  }
  try {
    const jupyter = (Deno as unknown as { jupyter?: { display?: JupyterDisplay } }).jupyter;
    return typeof jupyter?.display === "function" ? jupyter.display.bind(jupyter) : null;
  } catch {
    return null; // "Deno.jupyter is only available in `deno jupyter` subcommand"
  }
}

/**
 * Whether this code runs in Deno's Jupyter kernel (see the file comment for the rule).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { inKernel } from "./live.ts";
 * assert.deepEqual(inKernel(), false); // under `deno test`
 * ```
 */
export function inKernel(): boolean {
  return jupyterDisplay() !== null;
}

/**
 * A sink that writes nothing; the handle's `.bundle` still follows updates.
 *
 * @example
 * ```ts
 * import { live, silentSink } from "./live.ts";
 * const view = live({ "text/plain": "step 0" }, { sink: silentSink });
 * await view.update({ "text/plain": "step 1" });
 * ```
 */
export const silentSink: DisplaySink = { show() {} };

/**
 * A sink that writes each bundle's `text/plain` to stderr, one line per update.
 *
 * @example
 * ```ts
 * import { live, stderrSink } from "./live.ts";
 * const view = live({ "text/plain": "step 0" }, { sink: stderrSink });
 * ```
 */
export const stderrSink: DisplaySink = {
  show(bundle) {
    console.error(bundle["text/plain"]);
  },
};

/**
 * The sink that talks to Deno's Jupyter kernel, or `null` outside it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { kernelSink } from "./live.ts";
 * assert.deepEqual(kernelSink(), null); // under `deno test`
 * ```
 */
export function kernelSink(): DisplaySink | null {
  const display = jupyterDisplay();
  if (display === null) return null;
  return {
    show(bundle, { id, update }) {
      return display(bundle, { raw: true, display_id: id, update });
    },
  };
}

/**
 * Options for {@linkcode live}.
 *
 * @example
 * ```ts
 * import { live, type LiveOptions } from "./live.ts";
 * const options: LiveOptions = { sink: "none" };
 * live({ "text/plain": "quiet" }, options);
 * ```
 */
export interface LiveOptions {
  /**
   * Where bundles go: `"auto"` is the kernel when present, else nothing; `"stderr"`
   * prints text/plain; `"none"` shows nothing; or pass your own {@linkcode DisplaySink}.
   * @default {"auto"}
   */
  sink?: "auto" | "stderr" | "none" | DisplaySink;
}

let counter = 0;

function chooseSink(sink: LiveOptions["sink"] = "auto"): DisplaySink {
  if (typeof sink === "object" && sink !== null && typeof sink.show === "function") return sink;
  switch (sink) {
    case "auto":
      return kernelSink() ?? silentSink;
    case "stderr":
      return stderrSink;
    case "none":
      return silentSink;
    default:
      throw new TypeError(
        `Cannot create a live display: option sink is ${JSON.stringify(sink)}; ` +
          `pass "auto", "stderr", "none" or an object with a show(bundle, target) method`,
      );
  }
}

/**
 * A handle on one output that updates in place; made by {@linkcode live}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { live } from "./live.ts";
 * const view = live({ "text/plain": "queue: 0" }, { sink: "none" });
 * await view.update({ "text/plain": "queue: 3" });
 * assert.equal(String(view), "queue: 3");
 * ```
 */
export class LiveDisplay {
  /** The output's display id, `stacklab-live-N`. */
  readonly id: string;
  readonly #sink: DisplaySink;
  #bundle: MimeBundle;
  #shown = 0;
  #pending: Promise<void> = Promise.resolve();
  #error: unknown = undefined;

  /** Use {@linkcode live}. Shows `initial` at once. */
  constructor(initial: MimeBundle | Displayable, sink: DisplaySink) {
    this.id = `stacklab-live-${++counter}`;
    this.#sink = sink;
    this.#bundle = isDisplayable(initial) ? { "text/plain": "" } : initial;
    this.#enqueue(initial);
  }

  /** The bundle most recently shown (or being shown). */
  get bundle(): MimeBundle {
    return this.#bundle;
  }

  /** How many times a bundle has been sent to the sink (the first display counts). */
  get shown(): number {
    return this.#shown;
  }

  /** The last error a sink raised, if any (errors never reject `update()`). */
  get error(): unknown {
    return this.#error;
  }

  /**
   * Replace the output with `next` (a bundle, or anything displayable such as a
   * Chart). Resolves once the sink has taken it; updates are shown in call order.
   */
  update(next: MimeBundle | Displayable): Promise<void> {
    checkBundle(next, `update live display ${this.id}`);
    if (!isDisplayable(next)) this.#bundle = next;
    return this.#enqueue(next);
  }

  /** Wait for every update to reach the sink, then (in the kernel) 10 ms for the output race. */
  async settle(): Promise<void> {
    await this.#pending;
    if (this.#sink !== silentSink && inKernel()) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** The current bundle's text/plain. */
  toString(): string {
    return this.#bundle["text/plain"];
  }

  #enqueue(next: MimeBundle | Displayable): Promise<void> {
    // Resolve the bundle now (a Chart may need to load its PNG renderer) but show it in
    // call order; failures are caught here so an un-awaited update never rejects.
    const bundle = toBundle(next).then((value) => ({ value }), (error) => ({ error }));
    this.#pending = this.#pending.then(async () => {
      const result = await bundle;
      try {
        if ("error" in result) throw result.error;
        this.#bundle = result.value;
        await this.#sink.show(result.value, { id: this.id, update: this.#shown > 0 });
        this.#shown++;
      } catch (error) {
        if (this.#error === undefined) console.error(`live display ${this.id}:`, error);
        this.#error = error;
      }
    });
    return this.#pending;
  }
}

function checkBundle(value: unknown, action: string): void {
  if (isDisplayable(value)) return;
  if (typeof (value as MimeBundle | null)?.["text/plain"] !== "string") {
    throw new TypeError(
      `Cannot ${action}: expected a MIME bundle with "text/plain" or a displayable ` +
        `(got ${value === null ? "null" : typeof value}); pass e.g. {"text/plain": "…"} or a Chart`,
    );
  }
}

/**
 * Show `initial` now and get a handle that replaces that one output in place.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { live, type DisplaySink } from "./live.ts";
 * const seen: string[] = [];
 * const sink: DisplaySink = { show: (b, t) => void seen.push(`${t.update} ${b["text/plain"]}`) };
 * const view = live({ "text/plain": "t=0" }, { sink });
 * await view.update({ "text/plain": "t=1" });
 * assert.deepEqual(seen, ["false t=0", "true t=1"]);
 * ```
 */
export function live(initial: MimeBundle | Displayable, options: LiveOptions = {}): LiveDisplay {
  checkBundle(initial, "create a live display");
  return new LiveDisplay(initial, chooseSink(options.sink));
}
