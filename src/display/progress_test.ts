import assert from "node:assert/strict";
import type { DisplaySink } from "./live.ts";
import { progress, progressBundle } from "./progress.ts";

function recorder() {
  const texts: string[] = [];
  const sink: DisplaySink = { show: (bundle) => void texts.push(bundle["text/plain"]) };
  return { texts, sink };
}

Deno.test("progressBundle() draws text and HTML bars", () => {
  const bundle = progressBundle(600, 1000, { label: "label", barWidth: 10 });
  assert.deepEqual(bundle["text/plain"], "label ██████░░░░ 60% (600/1000)");
  assert.deepEqual(Object.keys(bundle), ["text/html", "text/plain"]);
  assert.deepEqual(/width:60\.0%/.test(bundle["text/html"]), true);
});

Deno.test("progress() shows at most one update per interval, plus the final one", async () => {
  const { texts, sink } = recorder();
  let clock = 0;
  const bar = progress(10, { label: "run", barWidth: 10, sink, now: () => clock });
  for (let i = 1; i <= 10; i++) {
    clock += 40; // updates at 40, 80, 120 … ms; shown: the first, then ≥ 100 ms apart
    bar.update(i);
  }
  await bar.done();
  assert.deepEqual(texts, [
    "run ░░░░░░░░░░ 0% (0/10)",
    "run █░░░░░░░░░ 10% (1/10)",
    "run ████░░░░░░ 40% (4/10)", // t = 160
    "run ███████░░░ 70% (7/10)", // t = 280
    "run ██████████ 100% (10/10)",
  ]);
});

Deno.test("progress().done() fills the bar even if the loop stopped early", async () => {
  const { texts, sink } = recorder();
  const bar = progress(4, { sink, barWidth: 4, now: () => 0 });
  bar.update(1);
  await bar.done();
  assert.deepEqual(texts.at(-1), "████ 100% (4/4)");
  assert.deepEqual(bar.value, 4);
});

Deno.test("progress() rejects impossible counts with the fix", () => {
  assert.throws(() => progress(0), {
    name: "RangeError",
    message: /total is 0; pass a positive number/,
  });
  const bar = progress(5, { sink: "none" });
  assert.throws(() => bar.update(6), { name: "RangeError", message: /done is 6, outside 0…5/ });
  assert.throws(() => progress(5, { barWidth: 0 }), {
    name: "RangeError",
    message: /option barWidth must be ≥ 1/,
  });
});
