// The server-side DOM that Observable Plot draws into. Plot builds real DOM elements;
// outside a browser we hand it a linkedom document (fastest of linkedom, happy-dom and
// jsdom for a 10,000-dot scatter; see dom_bench.ts). The document is created on first
// use and reused by every chart.
//
// Three shims make Plot's browser-only paths work instead of crashing:
//
//   Plot asks for                         the shim gives
//   ─────────────────────────────────────  ─────────────────────────────────────────────
//   canvas.getContext("2d")  (ramp legend, a context that records fills in an RGBA buffer;
//     raster mark)                         canvas.toDataURL() encodes it as a real PNG
//   element.getBBox()        (Plot.tip     a box estimated from text length × font size
//     sizes its callout)                   (DejaVu Sans advance widths, see _text.ts)
//   requestAnimationFrame(fn) (Plot.tip    calls fn at once, so the tip is laid out and
//     lays out after insertion)            made visible before the SVG is serialised
//
// Usage: `renderPlot()` (render.ts) passes `dom().document` to Plot for you; call
// `Plot.plot({document: dom().document, …})` yourself only if you need the element.

import { parseHTML } from "linkedom";
import { encodePng, RecordingContext2D, toBase64 } from "./_canvas.ts";
import { estimateTextWidth } from "./_text.ts";

/**
 * The document and window Plot renders into.
 *
 * @example
 * ```ts
 * import * as Plot from "@observablehq/plot";
 * import { dom, type ServerDom } from "./dom.ts";
 * const { document }: ServerDom = dom();
 * Plot.plot({ document, marks: [Plot.barY([3, 1, 2])] });
 * ```
 */
export interface ServerDom {
  /** Pass as Plot's `document` option. */
  readonly document: Document;
  /** linkedom's window object (holds the element classes). */
  readonly window: Window & typeof globalThis;
}

let shared: ServerDom | undefined;

/**
 * The shared server-side DOM, created (and shimmed) on first call.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as Plot from "@observablehq/plot";
 * import { dom } from "./dom.ts";
 * const svg = Plot.plot({ document: dom().document, marks: [Plot.dot([[1, 2]])] });
 * assert.deepEqual(svg.tagName.toLowerCase(), "svg");
 * ```
 */
export function dom(): ServerDom {
  if (shared) return shared;
  const window = parseHTML(
    "<!doctype html><html><head></head><body></body></html>",
  ) as unknown as Window & typeof globalThis;
  installCanvas(window);
  installBBox(window);
  installAnimationFrame();
  shared = { document: window.document, window };
  return shared;
}

/**
 * A bounding box in user units, as `SVGGraphicsElement.getBBox()` returns.
 *
 * @example
 * ```ts
 * import type { BoxEstimate } from "./dom.ts";
 * const box: BoxEstimate = { x: 0, y: -9, width: 31, height: 11.5 };
 * ```
 */
export interface BoxEstimate {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Estimate an SVG element's bounding box without layout: text from its characters and
 * inherited font size, rects/circles/lines from their attributes, groups as the union
 * of their children. Paths and transforms are ignored. This is what the DOM's
 * `getBBox()` returns.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dom, estimateBBox } from "./dom.ts";
 * const { document } = dom();
 * const text = document.createElementNS("http://www.w3.org/2000/svg", "text");
 * text.setAttribute("font-size", "10");
 * text.textContent = "hello";
 * const box = estimateBBox(text);
 * assert(box.width > 20 && box.width < 40, `width ${box.width}`);
 * ```
 */
export function estimateBBox(element: Element): BoxEstimate {
  const number = (name: string) => parseFloat(element.getAttribute(name) ?? "0") || 0;
  switch (element.localName) {
    case "text":
      return textBox(element);
    case "rect":
      return { x: number("x"), y: number("y"), width: number("width"), height: number("height") };
    case "circle": {
      const r = number("r");
      return { x: number("cx") - r, y: number("cy") - r, width: 2 * r, height: 2 * r };
    }
    case "line": {
      const [x1, x2, y1, y2] = [number("x1"), number("x2"), number("y1"), number("y2")];
      return {
        x: Math.min(x1, x2),
        y: Math.min(y1, y2),
        width: Math.abs(x2 - x1),
        height: Math.abs(y2 - y1),
      };
    }
    case "g":
    case "svg":
    case "a":
      return union([...element.children].map(estimateBBox));
    default:
      return { x: 0, y: 0, width: 0, height: 0 };
  }
}

function union(boxes: BoxEstimate[]): BoxEstimate {
  const drawn = boxes.filter((box) => box.width > 0 || box.height > 0);
  if (drawn.length === 0) return { x: 0, y: 0, width: 0, height: 0 };
  const x0 = Math.min(...drawn.map((box) => box.x));
  const y0 = Math.min(...drawn.map((box) => box.y));
  const x1 = Math.max(...drawn.map((box) => box.x + box.width));
  const y1 = Math.max(...drawn.map((box) => box.y + box.height));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

// A text box: lines are the <tspan> children that start a line (they carry dy or x,
// as Plot's tip writes them); otherwise the whole text is one line. Height follows a
// browser's: (lines − 1) line steps + 1.15 em for ascent and descent.
function textBox(text: Element): BoxEstimate {
  const fontSize = inherited(text, "font-size", 10);
  const lineElements = [...text.children].filter(
    (child) => child.localName === "tspan" && (child.hasAttribute("dy") || child.hasAttribute("x")),
  );
  const lines = lineElements.length > 0 ? lineElements : [text];
  const width = Math.max(...lines.map((line) => lineWidth(line, fontSize)));
  const height = (lines.length - 1) * fontSize + 1.15 * fontSize;
  const anchor = inheritedText(text, "text-anchor", "start");
  const x = parseFloat(text.getAttribute("x") ?? "0") || 0;
  const left = anchor === "middle" ? x - width / 2 : anchor === "end" ? x - width : x;
  return { x: left, y: -0.9 * fontSize, width, height };
}

function lineWidth(node: Node, fontSize: number, bold = false): number {
  if (node.nodeType === 3) return estimateTextWidth(node.textContent ?? "", fontSize, bold);
  const element = node as Element;
  if (element.localName === "title") return 0;
  const weight = element.getAttribute?.("font-weight");
  const isBold = bold || weight === "bold" || Number(weight) >= 600;
  let width = 0;
  for (const child of node.childNodes) width += lineWidth(child, fontSize, isBold);
  return width;
}

function inheritedText(element: Element, name: string, fallback: string): string {
  for (let node: Element | null = element; node; node = node.parentElement) {
    const value = node.getAttribute(name);
    if (value !== null) return value;
  }
  return fallback;
}

function inherited(element: Element, name: string, fallback: number): number {
  const value = parseFloat(inheritedText(element, name, String(fallback)));
  return Number.isFinite(value) ? value : fallback;
}

type CanvasElement = { width: number; height: number };

function installCanvas(window: Window & typeof globalThis): void {
  const contexts = new WeakMap<object, RecordingContext2D>();
  const context = (canvas: CanvasElement) => {
    let recording = contexts.get(canvas);
    // Resizing a canvas clears it, as in a browser.
    if (!recording || recording.width !== canvas.width || recording.height !== canvas.height) {
      recording = new RecordingContext2D(canvas.width, canvas.height);
      contexts.set(canvas, recording);
    }
    return recording;
  };
  const prototype = window.HTMLCanvasElement.prototype as unknown as Record<string, unknown>;
  prototype.getContext = function (this: CanvasElement, type: string) {
    return type === "2d" ? context(this) : null;
  };
  prototype.toDataURL = function (this: CanvasElement) {
    const recording = context(this);
    return `data:image/png;base64,${
      toBase64(encodePng(recording.width, recording.height, recording.pixels))
    }`;
  };
}

function installBBox(window: Window & typeof globalThis): void {
  const prototype = window.SVGElement.prototype as unknown as Record<string, unknown>;
  prototype.getBBox = function (this: Element) {
    return estimateBBox(this);
  };
}

// Deno has no requestAnimationFrame; Plot's tip waits for one before laying out.
// Running the callback at once is safe because nothing else animates here.
function installAnimationFrame(): void {
  const global = globalThis as Record<string, unknown>;
  if (typeof global.requestAnimationFrame === "function") return;
  let frame = 0;
  global.requestAnimationFrame = (callback: (time: number) => void) => {
    callback(performance.now());
    return ++frame;
  };
  global.cancelAnimationFrame = () => {};
}
