// Which server-side DOM should Observable Plot draw into? This bench renders the same
// 10,000-dot scatter to an SVG string with linkedom, happy-dom and jsdom, and times
// importing each. linkedom is what dom.ts uses; keep it unless these numbers say
// otherwise. Target: the scatter in under 250 ms with linkedom.
//
//   deno bench -A src/display/dom_bench.ts            render times (same process)
//   deno run -A src/display/dom_bench.ts --imports    import times, each DOM in a fresh
//                                                      process (median of 5, warm cache)
//
// happy-dom and jsdom are pinned here only; nothing else in the project imports them.

import type * as PlotModule from "@observablehq/plot";

const DOMS: Record<string, string> = {
  "linkedom": "linkedom",
  "happy-dom": "npm:happy-dom@21.0.4",
  "jsdom": "npm:jsdom@31.0.1",
  "plot": "@observablehq/plot",
};

if (Deno.args[0] === "--import-one") {
  const started = performance.now();
  await import(DOMS[Deno.args[1]]);
  console.log(JSON.stringify(performance.now() - started));
  Deno.exit(0);
}

if (Deno.args[0] === "--imports") {
  for (const name of Object.keys(DOMS)) {
    const times: number[] = [];
    for (let run = 0; run < 5; run++) {
      const { stdout } = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", import.meta.filename!, "--import-one", name],
        stderr: "inherit",
      }).output();
      times.push(JSON.parse(new TextDecoder().decode(stdout)));
    }
    times.sort((a, b) => a - b);
    console.log(
      `import ${name.padEnd(9)} median ${times[2].toFixed(0)} ms  (${
        times.map((t) => t.toFixed(0)).join(", ")
      })`,
    );
  }
  Deno.exit(0);
}

// Seeded data: Park–Miller minimal standard generator, x(n+1) = 16807 · x(n) mod (2³¹ − 1).
let state = 42;
const random = () => (state = (state * 16807) % 2147483647) / 2147483647;
const points = Array.from({ length: 10_000 }, () => ({ x: random(), y: random() }));

const Plot: typeof PlotModule = await import("@observablehq/plot");
const { parseHTML } = await import("linkedom");
// Bench-only comparison DOMs, pinned inline on purpose (kept out of the import map).
// deno-lint-ignore no-import-prefix
const { Window } = await import("npm:happy-dom@21.0.4");
// deno-lint-ignore no-import-prefix
const { JSDOM } = await import("npm:jsdom@31.0.1");
const { renderPlot } = await import("./render.ts");
const { initPng, svgToPng } = await import("./png.ts");

const documents: Record<string, Document> = {
  linkedom: parseHTML("<!doctype html><html><body></body></html>").document as unknown as Document,
  "happy-dom": new Window().document as unknown as Document,
  jsdom: new JSDOM("<!doctype html><html><body></body></html>").window.document,
};

function scatter(document: Document): string {
  const svg = Plot.plot({ document, marks: [Plot.dot(points, { x: "x", y: "y" })] });
  return svg.outerHTML;
}

for (const [name, document] of Object.entries(documents)) {
  Deno.bench({
    name: `${name}: 10,000-dot scatter → SVG string`,
    group: "dom",
    baseline: name === "linkedom",
    n: 10,
    warmup: 2,
    fn: () => void scatter(document),
  });
}

Deno.bench({
  name: "renderPlot(): same scatter, tidied (rounding, stable ids, summary)",
  group: "pipeline",
  n: 10,
  warmup: 2,
  fn: () => void renderPlot({ marks: [Plot.dot(points, { x: "x", y: "y" })] }).svg,
});

await initPng();
const small = renderPlot({ marks: [Plot.dot(points.slice(0, 1000), { x: "x", y: "y" })] }).svg;
const large = renderPlot({ marks: [Plot.dot(points, { x: "x", y: "y" })] }).svg;
Deno.bench({
  name: "svgToPng(): 1,000-dot scatter, 640×400",
  group: "png",
  n: 10,
  warmup: 1,
  fn: () => void svgToPng(small),
});
Deno.bench({
  name: "svgToPng(): 10,000-dot scatter, 640×400",
  group: "png",
  n: 5,
  warmup: 1,
  fn: () => void svgToPng(large),
});
