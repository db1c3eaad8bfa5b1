import assert from "node:assert/strict";
import * as Plot from "@observablehq/plot";
import { DISPLAY } from "./mime.ts";
import { dom } from "./dom.ts";
import { initPng } from "./png.ts";
import { renderPlot, roundCoordinates, stableIds } from "./render.ts";

// Park–Miller minimal standard generator: x(n+1) = 16807 · x(n) mod (2³¹ − 1).
function seeded(seed: number) {
  let state = seed;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

const random = seeded(7);
const rows = Array.from({ length: 30 }, (_, i) => ({
  t: i,
  value: Math.round(random() * 100),
  kind: ["tcp", "udp"][i % 2],
}));

Deno.test("a bare chart displays as image/svg+xml with a plain-text summary", () => {
  const chart = renderPlot({ marks: [Plot.dot(rows, { x: "t", y: "value" }), Plot.ruleY([0])] });
  const bundle = chart.bundle({ png: false });
  assert.deepEqual(Object.keys(bundle), ["image/svg+xml", "text/plain"]);
  assert.deepEqual(bundle["text/plain"], "Chart 640×400: dot (30), rule (1)");
  assert.match(chart.svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" xmlns:xlink=/);
  assert.deepEqual(String(chart), chart.svg);
});

Deno.test("a chart with a title and legend is composed into one SVG", () => {
  const chart = renderPlot({
    title: "Bytes <per> flow",
    color: { legend: true },
    marks: [Plot.dot(rows, { x: "t", y: "value", fill: "kind" })],
  });
  assert.deepEqual(chart.element.localName, "figure");
  assert.deepEqual(Object.keys(chart.bundle({ png: false })), ["image/svg+xml", "text/plain"]);
  assert.deepEqual(
    chart.summary,
    "Chart 640×400 “Bytes <per> flow”: dot (30); legend swatches (tcp, udp)",
  );
  assert.match(chart.svg, /<text [^>]*font-weight="bold">Bytes &lt;per&gt; flow<\/text>/);
  assert(!chart.svg.includes("<figure") && !chart.svg.includes("<div"));
  assert(chart.height > 400, `composed height ${chart.height} includes title and legend`);
});

Deno.test("{figure: 'html'} keeps Plot's <figure> as text/html", () => {
  const chart = renderPlot({ title: "t", marks: [Plot.dot(rows, { x: "t", y: "value" })] }, {
    figure: "html",
  });
  assert.deepEqual(Object.keys(chart.bundle({ png: false })), ["text/html", "text/plain"]);
  assert.match(chart.html, /^<figure/);
  assert.match(chart.svg, /^<svg xmlns=/);
});

Deno.test("a continuous colour legend renders as an embedded PNG ramp", () => {
  const chart = renderPlot({
    color: { legend: true, type: "linear", scheme: "viridis" },
    marks: [Plot.dot(rows, { x: "t", y: "value", fill: "value" })],
  });
  assert.match(chart.svg, /<image [^>]*href="data:image\/png;base64,/);
  assert.match(chart.summary, /legend ramp/);
});

Deno.test("a static Plot.tip renders visible", () => {
  const chart = renderPlot({
    marks: [Plot.dot(rows, { x: "t", y: "value" }), Plot.tip([rows[3]], { x: "t", y: "value" })],
  });
  assert.match(chart.summary, /tip \(1\)/);
  assert(!/aria-label="tip"[^>]*visibility="hidden"/.test(chart.svg));
});

Deno.test("ids are stable across renders and unique across different charts", () => {
  const options = () => ({ marks: [Plot.line(rows, { x: "t", y: "value", clip: true })] });
  const first = renderPlot(options()).svg;
  const second = renderPlot(options()).svg; // Plot's clip counter has moved on
  assert.deepEqual(first, second);
  const other = renderPlot({ marks: [Plot.areaY(rows, { x: "t", y: "value", clip: true })] }).svg;
  const id = (svg: string) => /id="(plot-clip-[^"]+)"/.exec(svg)?.[1];
  assert.match(id(first)!, /^plot-clip-[0-9a-f]{8}-1$/);
  assert(id(first) !== id(other));
  assert(first.includes(`url(#${id(first)})`));
});

Deno.test("stableIds() leaves ids it did not generate alone", () => {
  assert.deepEqual(
    stableIds('<g id="mine"><use href="#mine"/></g>'),
    '<g id="mine"><use href="#mine"/></g>',
  );
});

Deno.test("roundCoordinates() rounds geometry but not text", () => {
  assert.deepEqual(
    roundCoordinates('<text x="1.23456" transform="translate(40,361.619)">0.12345</text>', 2),
    '<text x="1.23" transform="translate(40,361.62)">0.12345</text>',
  );
  assert.deepEqual(roundCoordinates('<path d="M1e-7,-0.004L3,4"/>', 2), '<path d="M0,0L3,4"/>');
});

Deno.test("renderPlot() accepts an element Plot already made", () => {
  const svg = Plot.plot({ document: dom().document, marks: [Plot.barY([1, 2, 3])] });
  assert.deepEqual(renderPlot(svg).summary, "Chart 640×400: bar (3)");
});

Deno.test("renderPlot() rejects bad input and options with the field and the fix", () => {
  assert.throws(() => renderPlot(42 as never), {
    name: "TypeError",
    message: /expected Plot options/,
  });
  assert.throws(() => renderPlot({ marks: [] }, { precision: -1 }), {
    name: "RangeError",
    message: /option precision must be ≥ 0 \(got -1\)/,
  });
  assert.throws(() => renderPlot({ marks: [] }, { figur: "svg" } as never), {
    name: "TypeError",
    message: /option figur is not a known option/,
  });
});

Deno.test("the PNG fallback adds image/png and keeps the SVG", async () => {
  const chart = renderPlot({ marks: [Plot.dot(rows, { x: "t", y: "value" })] }, { png: true });
  const bundle = await chart[DISPLAY]();
  assert.deepEqual(Object.keys(bundle), ["image/svg+xml", "image/png", "text/plain"]);
  assert.match(bundle["image/png"], /^iVBORw0KGgo/);
  await initPng();
  assert.deepEqual(Object.keys(chart[DISPLAY]() as object).length, 3); // synchronous once loaded
});

Deno.test("a figure with the PNG fallback has no text/html", async () => {
  const chart = renderPlot(
    { title: "t", color: { legend: true }, marks: [Plot.dot(rows, { x: "t", fill: "kind" })] },
    { png: true, figure: "html" },
  );
  const bundle = await chart[DISPLAY]();
  assert.deepEqual(Object.keys(bundle), ["image/svg+xml", "image/png", "text/plain"]);
});

Deno.test("a 10,000-dot scatter renders every dot (its time is a benchmark, not a test)", () => {
  const random = seeded(11);
  const points = Array.from({ length: 10_000 }, () => [random(), random()]);
  const chart = renderPlot({ marks: [Plot.dot(points)] });
  assert.deepEqual(chart.summary, "Chart 640×400: dot (10000)");
  assert.equal(chart.svg.match(/<circle /g)?.length, 10_000);
});

Deno.test("STACKLAB_PNG_FALLBACK=1 turns the PNG fallback on by default", async () => {
  Deno.env.set("STACKLAB_PNG_FALLBACK", "1");
  try {
    const chart = renderPlot({ marks: [Plot.dot(rows, { x: "t", y: "value" })] });
    assert.ok("image/png" in await chart[DISPLAY]());
    const without = renderPlot({ marks: [Plot.dot(rows, { x: "t", y: "value" })] }, { png: false });
    assert.ok(!("image/png" in await without[DISPLAY]()));
  } finally {
    Deno.env.delete("STACKLAB_PNG_FALLBACK");
  }
});
