import assert from "node:assert/strict";
import * as Plot from "@observablehq/plot";
import { dom, estimateBBox } from "./dom.ts";

const SVG = "http://www.w3.org/2000/svg";

Deno.test("dom() creates the document once and reuses it", () => {
  assert(dom() === dom());
  assert.deepEqual(dom().document.documentElement.localName, "html");
});

Deno.test("canvas getContext('2d') records fills and toDataURL() returns a PNG", () => {
  const canvas = dom().document.createElement("canvas") as unknown as HTMLCanvasElement;
  canvas.width = 3;
  canvas.height = 1;
  const context = canvas.getContext("2d")!;
  context.fillStyle = "rgb(255, 0, 0)";
  context.fillRect(0, 0, 1, 1);
  context.fillStyle = "#00ff00";
  context.fillRect(1, 0, 1, 1);
  const url = canvas.toDataURL();
  assert.match(url, /^data:image\/png;base64,iVBORw0KGgo/); // "\x89PNG\r\n\x1a\n"
  const bytes = Uint8Array.from(atob(url.split(",")[1]), (c) => c.charCodeAt(0));
  const view = new DataView(bytes.buffer);
  assert.deepEqual([view.getUint32(16), view.getUint32(20)], [3, 1]); // IHDR width, height
});

Deno.test("canvas stub degrades on drawing calls it does not implement", () => {
  const canvas = dom().document.createElement("canvas") as unknown as HTMLCanvasElement;
  const context = canvas.getContext("2d") as unknown as { unsupported: string[] } & CanvasPath;
  context.arc(0, 0, 1, 0, Math.PI);
  assert.deepEqual(context.unsupported, ["arc"]);
  assert.deepEqual(canvas.getContext("webgl"), null);
});

Deno.test("estimateBBox() sizes multi-line text from characters and font size", () => {
  const { document } = dom();
  const text = document.createElementNS(SVG, "text");
  text.setAttribute("font-size", "10");
  for (const line of ["short", "a longer line"]) {
    const tspan = document.createElementNS(SVG, "tspan");
    tspan.setAttribute("dy", "1em");
    tspan.textContent = line;
    text.append(tspan);
  }
  const box = estimateBBox(text);
  // "a longer line" in DejaVu Sans advance widths (em/100): a 61, space 32, l 28, o 61,
  // n 63, g 63, e 62, r 41, space 32, l 28, i 28, n 63, e 62 = 624 → 62.4 px at 10 px.
  assert.equal(box.width, 62.4);
  assert.deepEqual(box.height, 21.5); // (2 − 1) × 10 + 1.15 × 10
  assert.deepEqual((text as unknown as SVGGraphicsElement).getBBox().width, box.width);
});

Deno.test("estimateBBox() unions the shapes of a group", () => {
  const { document } = dom();
  const group = document.createElementNS(SVG, "g");
  const rect = document.createElementNS(SVG, "rect");
  for (const [name, value] of [["x", "5"], ["y", "5"], ["width", "10"], ["height", "20"]]) {
    rect.setAttribute(name, value);
  }
  const circle = document.createElementNS(SVG, "circle");
  for (const [name, value] of [["cx", "40"], ["cy", "10"], ["r", "5"]]) {
    circle.setAttribute(name, value);
  }
  group.append(rect, circle);
  assert.deepEqual(estimateBBox(group), { x: 5, y: 5, width: 40, height: 20 });
});

Deno.test("requestAnimationFrame runs its callback at once", () => {
  let ran = false;
  requestAnimationFrame(() => (ran = true));
  assert(ran);
});

Deno.test("Plot draws a continuous colour legend without crashing", () => {
  const figure = Plot.plot({
    document: dom().document,
    color: { legend: true, type: "linear" },
    marks: [Plot.dot([{ v: 0 }, { v: 1 }], { x: "v", fill: "v" })],
  });
  const image = figure.querySelector("image");
  assert.match(image?.getAttribute("href") ?? "", /^data:image\/png;base64,/);
});

Deno.test("Plot.tip renders visible with the getBBox estimate", () => {
  const svg = Plot.plot({
    document: dom().document,
    marks: [Plot.tip([{ x: 1, y: 2 }], { x: "x", y: "y" })],
  });
  const tip = svg.querySelector('[aria-label="tip"]')!;
  assert.deepEqual(tip.getAttribute("visibility"), null);
  assert.match(tip.querySelector("path")!.getAttribute("d") ?? "", /^M0,0l/);
});
