// Golden SVGs for the display toolkit: a few seeded charts rendered by
// src/display/render.ts and compared, character for character, with the files in
// tests/golden/display/. A difference means the chart output changed: look at it
// (GOLDEN_PNG_DIR=/tmp/golden writes PNGs to view), and if the change is intended,
// regenerate with
//
//   UPDATE_GOLDEN=1 deno test -A tests/display_golden_test.ts
//
// The data comes from a tiny inline generator so these files do not depend on src/sim.

import assert from "node:assert/strict";
import * as Plot from "@observablehq/plot";
import { initPng, renderPlot } from "../src/display/mod.ts";

const GOLDEN = new URL("./golden/display/", import.meta.url);

// Park–Miller minimal standard generator: x(n+1) = 16807 · x(n) mod (2³¹ − 1).
function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

const random = seeded(2024);
const protocols = ["tcp", "udp", "icmp"];
const packets = Array.from({ length: 120 }, (_, i) => ({
  t: i,
  bytes: 40 + Math.round(random() * 1460),
  rtt: Math.round(random() * 800) / 10,
  protocol: protocols[Math.floor(random() * 3)],
}));
let queue = 0;
const queueDepth = packets.map(({ t }) => ({
  t,
  depth: queue = Math.max(0, queue + Math.round((random() - 0.45) * 6)),
}));
const perProtocol = protocols.map((protocol) => ({
  protocol,
  bytes: packets.filter((p) => p.protocol === protocol).reduce((sum, p) => sum + p.bytes, 0),
}));

const charts: Record<string, () => Plot.PlotOptions> = {
  "line": () => ({
    y: { grid: true, label: "queue depth (packets)" },
    x: { label: "time (ticks)" },
    marks: [Plot.ruleY([0]), Plot.line(queueDepth, { x: "t", y: "depth", stroke: "#4269d0" })],
  }),
  "dot_ordinal_legend": () => ({
    title: "Packet size against round-trip time",
    subtitle: "120 seeded packets, coloured by protocol",
    color: { legend: true },
    x: { label: "round-trip time (ms)" },
    y: { label: "bytes" },
    marks: [Plot.dot(packets, { x: "rtt", y: "bytes", fill: "protocol", r: 3 })],
  }),
  "dot_continuous_legend": () => ({
    color: { legend: true, type: "linear", scheme: "viridis", label: "bytes" },
    marks: [Plot.dot(packets, { x: "t", y: "rtt", fill: "bytes" })],
  }),
  "bar_title": () => ({
    title: "Bytes per protocol",
    caption: "Sum of packet sizes over the whole run.",
    y: { grid: true },
    marks: [
      Plot.barY(perProtocol, { x: "protocol", y: "bytes", fill: "#6cc5b0" }),
      Plot.ruleY([0]),
    ],
  }),
  "tip": () => ({
    marks: [
      Plot.dot(packets, { x: "rtt", y: "bytes", stroke: "protocol" }),
      Plot.tip([packets[7]], { x: "rtt", y: "bytes", title: (p) => `${p.protocol}: ${p.bytes} B` }),
    ],
  }),
};

const update = Deno.env.get("UPDATE_GOLDEN") === "1";
const pngDirectory = Deno.env.get("GOLDEN_PNG_DIR");
if (pngDirectory) await initPng();

Deno.test("display charts match their golden SVGs", async (t) => {
  for (const [name, options] of Object.entries(charts)) {
    await t.step(name, async () => {
      const chart = renderPlot(options(), { png: false });
      const file = new URL(`${name}.svg`, GOLDEN);
      if (pngDirectory) {
        await Deno.mkdir(pngDirectory, { recursive: true });
        await Deno.writeFile(`${pngDirectory}/${name}.png`, chart.png());
      }
      if (update) {
        await Deno.writeTextFile(file, chart.svg + "\n");
        return;
      }
      let expected: string;
      try {
        expected = await Deno.readTextFile(file);
      } catch {
        throw new Error(
          `Cannot compare ${name}: golden file ${file.pathname} is missing; ` +
            `create it with UPDATE_GOLDEN=1 deno test -A tests/display_golden_test.ts`,
        );
      }
      assert.equal(chart.svg + "\n", expected, `${name}.svg differs from the golden file`);
    });
  }
});

Deno.test("rendering the same chart twice gives the same SVG", () => {
  for (const options of Object.values(charts)) {
    assert.equal(renderPlot(options()).svg, renderPlot(options()).svg);
  }
});
