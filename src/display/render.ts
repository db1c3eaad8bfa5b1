// Rendering an Observable Plot chart to a string and to a Jupyter display.
//
//   renderPlot({marks: [Plot.dot(rows, {x: "t", y: "bytes"})]})      ← Plot options
//   renderPlot(Plot.plot({document: dom().document, …}))             ← or a Plot element
//     │  Plot draws into the server-side DOM (dom.ts)
//     ▼
//   Chart { svg, html, summary, png() }  ──[Symbol.for("Jupyter.display")]──▶
//       { "image/svg+xml": svg, "text/plain": "Chart 640×400: dot (100)" [, "image/png"] }
//
// One SVG everywhere. Plot returns a <figure> (HTML) when a chart has a title or a
// legend; a Chart composes that figure into a single standalone SVG (_figure.ts), so
// every chart is `image/svg+xml` in every frontend, saves as one .svg file, exports
// through nbconvert unchanged, and rasterises to the *same* picture for the PNG
// fallback (classic Notebook hides SVG in untrusted notebooks and would otherwise
// show sanitised HTML instead of the PNG). `{figure: "html"}` keeps Plot's <figure>.
//
// Deterministic output, for golden tests and clean notebook diffs:
//   - Plot's class name is the constant "plot-d6a7b5" (fixed per Plot version);
//   - Plot numbers clip paths, patterns and markers from a process-wide counter
//     (plot-clip-17), so ids are renumbered per chart and suffixed with a hash of the
//     chart's own markup (plot-clip-3f2a9c1e-1): stable across runs, unique across the
//     charts of one page (identical charts share ids harmlessly);
//   - coordinates in geometry attributes are rounded to `precision` decimals.

import * as Plot from "@observablehq/plot";
import { composeFigure, type Composition, standaloneSvg } from "./_figure.ts";
import { parseOptions, z } from "../options/mod.ts";
import { dom } from "./dom.ts";
import { DISPLAY, type Displayable, type MimeBundle } from "./mime.ts";
import { initPng, pngFallbackEnabled, pngReady, svgToPng } from "./png.ts";
import { toBase64 } from "./_canvas.ts";

/**
 * Options for {@linkcode renderPlot}.
 *
 * @example
 * ```ts
 * import * as Plot from "@observablehq/plot";
 * import { renderPlot, type RenderOptions } from "./render.ts";
 * const options: RenderOptions = { figure: "svg", png: false, precision: 1 };
 * renderPlot({ marks: [Plot.lineY([1, 3, 2])] }, options);
 * ```
 */
export interface RenderOptions {
  /**
   * How to output a chart with a title or legend: `"svg"` composes one standalone SVG;
   * `"html"` keeps Plot's HTML <figure> (displayed as `text/html`).
   * @default {"svg"}
   */
  figure?: "svg" | "html";
  /**
   * Add an `image/png` rendering to the display bundle (for untrusted notebooks).
   * @default {true when the environment variable STACKLAB_PNG_FALLBACK is "1"}
   */
  png?: boolean;
  /**
   * Pixels per SVG unit of the PNG fallback.
   * @default {1}
   */
  pngScale?: number;
  /**
   * Decimal places kept in coordinates (d, transform, x, y, cx, …); `null` keeps all.
   * @default {2}
   */
  precision?: number | null;
}

const renderOptionsSchema = z.object({
  figure: z.enum(["svg", "html"]).default("svg"),
  png: z.boolean().optional(),
  pngScale: z.number().gt(0).max(8).default(1),
  precision: z.number().int().min(0).max(10).nullable().default(2),
}).strict();

/**
 * A rendered chart: strings for files and tests, a MIME bundle for Jupyter.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as Plot from "@observablehq/plot";
 * import { DISPLAY } from "./mime.ts";
 * import { renderPlot } from "./render.ts";
 * const chart = renderPlot({ marks: [Plot.barY([3, 1, 2])] }, { png: false });
 * assert.deepEqual(Object.keys(chart[DISPLAY]()), ["image/svg+xml", "text/plain"]);
 * assert.equal(chart.summary, "Chart 640×400: bar (3)");
 * ```
 */
export class Chart implements Displayable {
  /** Plot's element in the server-side DOM (an <svg>, or a <figure> with title/legend). */
  readonly element: Element;
  /** A standalone SVG document (figures composed into one SVG). */
  readonly svg: string;
  /** HTML for embedding: the SVG, or Plot's <figure> markup with `{figure: "html"}`. */
  readonly html: string;
  /** Width and height of `svg`, in pixels. */
  readonly width: number;
  readonly height: number;
  /** What the chart shows, in words: `Chart 640×400: dot (10000), rule (1)`. */
  readonly summary: string;
  readonly #options: { figure: "svg" | "html"; png: boolean; pngScale: number };
  #png?: Uint8Array;

  /** Use {@linkcode renderPlot}; the constructor is not part of the public API. */
  constructor(
    element: Element,
    composition: Composition,
    html: string,
    options: { figure: "svg" | "html"; png: boolean; pngScale: number },
  ) {
    this.element = element;
    this.svg = composition.svg;
    this.html = html;
    this.width = composition.width;
    this.height = composition.height;
    this.summary = summarize(element, composition);
    this.#options = options;
  }

  /** PNG bytes of `svg` (needs `await initPng()` once; cached). */
  png(): Uint8Array {
    return this.#png ??= svgToPng(this.svg, { scale: this.#options.pngScale });
  }

  /**
   * The MIME bundle, synchronously. `png` defaults to the chart's `png` option; asking
   * for a PNG before `initPng()` has finished throws.
   */
  bundle(options: { png?: boolean } = {}): MimeBundle {
    const png = options.png ?? this.#options.png;
    const isFigure = this.element.localName !== "svg";
    if (this.#options.figure === "html" && isFigure && !png) {
      return { "text/html": this.html, "text/plain": this.summary };
    }
    const bundle: Record<string, string> = { "image/svg+xml": this.svg };
    if (png) bundle["image/png"] = toBase64(this.png());
    bundle["text/plain"] = this.summary;
    return bundle as MimeBundle;
  }

  /** For Deno's Jupyter kernel; loads the PNG renderer first if the fallback is on. */
  [DISPLAY](): MimeBundle | Promise<MimeBundle> {
    if (this.#options.png && !pngReady()) return initPng().then(() => this.bundle());
    return this.bundle();
  }

  /** The SVG (or, with `{figure: "html"}`, the HTML). */
  toString(): string {
    return this.#options.figure === "html" ? this.html : this.svg;
  }
}

/**
 * Render a chart: pass Plot options (the `document` is filled in) or an element Plot
 * already made, get a {@linkcode Chart} that displays itself in Jupyter.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as Plot from "@observablehq/plot";
 * import { renderPlot } from "./render.ts";
 * const chart = renderPlot({ marks: [Plot.dot([[1, 2], [3, 4]]), Plot.ruleY([0])] });
 * assert.deepEqual(chart.summary, "Chart 640×400: dot (2), rule (1)");
 * assert(chart.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
 * ```
 */
export function renderPlot(
  input: Plot.PlotOptions | Element,
  options: RenderOptions = {},
): Chart {
  const parsed = parseOptions(renderOptionsSchema, options, "render the chart");
  const element = toElement(input);
  // Plot's class name ("plot-d6a7b5", or the `className` option) without the suffix
  // its figures and legends add.
  const className = (element.getAttribute("class")?.split(" ")[0] || "plot-d6a7b5")
    .replace(/-(?:figure|swatches|ramp)$/, "");
  const composition = element.localName === "svg"
    ? standaloneSvg(element)
    : composeFigure(element, className);
  const tidy = (markup: string) =>
    stableIds(parsed.precision === null ? markup : roundCoordinates(markup, parsed.precision));
  composition.svg = tidy(composition.svg);
  const html = parsed.figure === "html" ? tidy(element.outerHTML) : composition.svg;
  return new Chart(element, composition, html, {
    figure: parsed.figure,
    png: parsed.png ?? pngFallbackEnabled(),
    pngScale: parsed.pngScale,
  });
}

function toElement(input: Plot.PlotOptions | Element): Element {
  if (input === null || typeof input !== "object") {
    throw new TypeError(
      `Cannot render the chart: expected Plot options or a Plot element (got ${typeof input}); ` +
        `pass e.g. {marks: [Plot.dot(rows, {x: "t", y: "value"})]}`,
    );
  }
  if (typeof (input as Element).outerHTML === "string") return input as Element;
  const plotOptions = input as Plot.PlotOptions;
  return Plot.plot({ ...plotOptions, document: plotOptions.document ?? dom().document });
}

// Geometry attributes whose numbers are rounded; text content and styles are untouched.
const GEOMETRY =
  /(\s(?:d|transform|x|y|x1|x2|y1|y2|cx|cy|r|rx|ry|width|height|points|dx|dy)=")([^"]*)"/g;
const NUMBER = /-?\d*\.\d+(?:e[-+]?\d+)?|-?\d+e[-+]?\d+/gi;

/**
 * Round the numbers inside geometry attributes to `digits` decimals.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { roundCoordinates } from "./render.ts";
 * assert.equal(roundCoordinates('<circle cx="1.23456" r="3"/>', 2), '<circle cx="1.23" r="3"/>');
 * ```
 */
export function roundCoordinates(markup: string, digits: number): string {
  const factor = 10 ** digits;
  return markup.replace(GEOMETRY, (_, head: string, value: string) => {
    const rounded = value.replace(NUMBER, (number) => {
      const result = Math.round(Number(number) * factor) / factor;
      return String(Object.is(result, -0) ? 0 : result);
    });
    return `${head}${rounded}"`;
  });
}

const GENERATED_ID = /^plot-(clip|pattern|marker)-\d+(?:-\d+)?$/;
const ID_REFERENCE = /(\sid="|url\(#|href="#)([^")]+)/g;

// FNV-1a, 32 bit: h = (h XOR byte) × 16777619, starting from 2166136261.
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/**
 * Replace Plot's counter-based ids with ids derived from the chart's own markup.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stableIds } from "./render.ts";
 * const a = stableIds('<clipPath id="plot-clip-7"/><g clip-path="url(#plot-clip-7)"/>');
 * const b = stableIds('<clipPath id="plot-clip-9"/><g clip-path="url(#plot-clip-9)"/>');
 * assert.equal(a, b);
 * ```
 */
export function stableIds(markup: string): string {
  const order = new Map<string, number>();
  const kinds = new Map<string, string>();
  const placeheld = markup.replace(ID_REFERENCE, (whole, head: string, id: string) => {
    const match = GENERATED_ID.exec(id);
    if (!match) return whole;
    if (!order.has(id)) {
      order.set(id, order.size + 1);
      kinds.set(id, match[1]);
    }
    return `${head}\uE000${order.get(id)}\uE000`;
  });
  if (order.size === 0) return markup;
  const hash = fnv1a(placeheld);
  const kindOf = new Map([...order].map(([id, n]) => [n, kinds.get(id)]));
  return placeheld.replace(
    /\uE000(\d+)\uE000/g,
    (_, n: string) => `plot-${kindOf.get(Number(n))}-${hash}-${n}`,
  );
}

// Mark groups carry Plot's aria-label ("dot", "line", "rule", …); axes, grids and the
// frame are left out of the summary. The count is the number of drawn shapes (for a
// line or area: one per series; for tips: one per tip).
const GUIDE = /^(?:fx|fy|x|y)-(?:axis|grid)\b|^frame$/;
const SHAPES = "circle,rect,path,line,text,image,polygon,polyline,ellipse,use";

function summarize(element: Element, composition: Composition): string {
  const svg = element.localName === "svg"
    ? element
    : [...element.children].find((child) =>
      child.localName === "svg" && !child.getAttribute("class")?.endsWith("-ramp")
    );
  const width = svg ? parseFloat(svg.getAttribute("width") ?? "0") : composition.width;
  const height = svg ? parseFloat(svg.getAttribute("height") ?? "0") : composition.height;
  const marks: string[] = [];
  for (const group of svg ? [...svg.children] : []) {
    const label = group.getAttribute("aria-label");
    if (group.localName !== "g" || label === null || GUIDE.test(label)) continue;
    const count = label === "tip"
      ? group.querySelectorAll("text").length
      : group.querySelectorAll(SHAPES).length;
    marks.push(`${label} (${count})`);
  }
  let text = `Chart ${width}×${height}`;
  if (composition.title) text += ` “${composition.title}”`;
  text += marks.length ? `: ${marks.join(", ")}` : ": no marks";
  // Swatches list their labels; a ramp gives its title and tick range.
  for (const legend of composition.legends) {
    const labels = legend.labels.filter((label) => label !== "");
    const shown = legend.kind === "ramp"
      ? (labels.length > 1 ? `${labels[0]} … ${labels.at(-1)}` : labels.join(""))
      : labels.slice(0, 6).join(", ") + (labels.length > 6 ? ", …" : "");
    const title = legend.label ? ` “${legend.label}”` : "";
    text += `; legend ${legend.kind}${title} (${shown})`;
  }
  if (composition.skipped.length) text += `; not drawn: ${composition.skipped.join(", ")}`;
  return text;
}
