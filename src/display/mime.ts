// A MIME bundle is what Jupyter displays: one representation of a value per MIME type
// ({"image/svg+xml": "<svg…>", "text/plain": "Chart 640×400: dot (100)"}), of which the
// frontend shows the richest it trusts. Deno's kernel displays any object that has a
// `[Symbol.for("Jupyter.display")]()` method returning such a bundle (or a promise of
// one), so every display helper in this folder returns an object with that method —
// and the same object prints sensibly outside Jupyter through `toString()`.
//
//   table(rows)            ─┐
//   hexdump(bytes, fields)  ├─▶ MimeOutput { [DISPLAY]() → bundle, toString() → text/plain }
//   renderPlot(options)    ─┘   (Chart extends the idea with .svg, .html and a PNG fallback)

/** The symbol Deno's Jupyter kernel looks for on a cell's result (`Deno.jupyter.$display`). */
export const DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

/**
 * One representation per MIME type. Binary types (`image/png`) hold base64 text, as
 * the Jupyter message protocol requires.
 *
 * @example
 * ```ts
 * import type { MimeBundle } from "./mime.ts";
 * const bundle: MimeBundle = { "text/plain": "hello", "text/html": "<b>hello</b>" };
 * ```
 */
export type MimeBundle = { readonly "text/plain": string; readonly [mime: string]: string };

/**
 * Anything the Deno kernel can display: an object with a `[Symbol.for("Jupyter.display")]`
 * method.
 *
 * @example
 * ```ts
 * import { DISPLAY, type Displayable } from "./mime.ts";
 * const greeting: Displayable = { [DISPLAY]: () => ({ "text/plain": "hi" }) };
 * ```
 */
export interface Displayable {
  [DISPLAY](): MimeBundle | Promise<MimeBundle>;
}

/**
 * A fixed MIME bundle that displays itself in Jupyter and prints its `text/plain`
 * form everywhere else (tests, the CLI, `console.log`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MimeOutput } from "./mime.ts";
 * const out = new MimeOutput({ "text/plain": "3 rows", "text/html": "<p>3 rows</p>" });
 * assert.deepEqual(String(out), "3 rows");
 * ```
 */
export class MimeOutput implements Displayable {
  /** The bundle this output displays. */
  readonly bundle: MimeBundle;

  /** Wrap `bundle`, which must at least have a `text/plain` entry. */
  constructor(bundle: MimeBundle) {
    if (typeof bundle?.["text/plain"] !== "string") {
      throw new TypeError(
        `Cannot create a display: the bundle has no "text/plain" entry (got keys ${
          JSON.stringify(Object.keys(bundle ?? {}))
        }); every bundle needs a plain-text fallback`,
      );
    }
    this.bundle = bundle;
  }

  /** The bundle, for Deno's Jupyter kernel. */
  [DISPLAY](): MimeBundle {
    return this.bundle;
  }

  /** The `text/plain` representation. */
  toString(): string {
    return this.bundle["text/plain"];
  }
}

/**
 * Whether `value` carries a `[Symbol.for("Jupyter.display")]` method.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isDisplayable, MimeOutput } from "./mime.ts";
 * assert(isDisplayable(new MimeOutput({ "text/plain": "x" })));
 * assert(!isDisplayable({ "text/plain": "x" }));
 * ```
 */
export function isDisplayable(value: unknown): value is Displayable {
  return typeof value === "object" && value !== null &&
    typeof (value as Record<symbol, unknown>)[DISPLAY] === "function";
}

/**
 * The MIME bundle of a displayable value, or the bundle itself when given a plain one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MimeOutput, toBundle } from "./mime.ts";
 * const bundle = await toBundle(new MimeOutput({ "text/plain": "x" }));
 * assert.deepEqual(bundle, { "text/plain": "x" });
 * ```
 */
export async function toBundle(value: MimeBundle | Displayable): Promise<MimeBundle> {
  const bundle = isDisplayable(value) ? await value[DISPLAY]() : value;
  if (typeof bundle?.["text/plain"] !== "string") {
    throw new TypeError(
      `Cannot display the value: its bundle has no "text/plain" entry (got keys ${
        JSON.stringify(Object.keys(bundle ?? {}))
      }); pass a MIME bundle or an object with [Symbol.for("Jupyter.display")]()`,
    );
  }
  return bundle;
}
