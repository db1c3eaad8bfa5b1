import assert from "node:assert/strict";
import * as Plot from "@observablehq/plot";
import { type DisplaySink, inKernel, kernelSink, live } from "./live.ts";
import type { MimeBundle } from "./mime.ts";
import { renderPlot } from "./render.ts";

function recorder() {
  const shown: { id: string; update: boolean; text: string; keys: string[] }[] = [];
  const sink: DisplaySink = {
    show(bundle: MimeBundle, { id, update }) {
      shown.push({ id, update, text: bundle["text/plain"], keys: Object.keys(bundle) });
    },
  };
  return { shown, sink };
}

Deno.test("outside the kernel there is no Jupyter sink, and touching it does not throw", () => {
  assert.deepEqual(inKernel(), false);
  assert.deepEqual(kernelSink(), null);
});

Deno.test("live() shows once, then updates the same display id in order", async () => {
  const { shown, sink } = recorder();
  const view = live({ "text/plain": "step 0" }, { sink });
  void view.update({ "text/plain": "step 1" });
  await view.update({ "text/plain": "step 2" });
  assert.match(view.id, /^stacklab-live-\d+$/);
  assert.deepEqual(shown.map(({ update, text }) => `${update} ${text}`), [
    "false step 0",
    "true step 1",
    "true step 2",
  ]);
  assert(shown.every(({ id }) => id === view.id));
  assert.deepEqual(view.bundle["text/plain"], "step 2");
});

Deno.test("display ids come from a counter", () => {
  const first = live({ "text/plain": "" }, { sink: "none" });
  const second = live({ "text/plain": "" }, { sink: "none" });
  const number = (id: string) => Number(id.split("-").at(-1));
  assert.deepEqual(number(second.id), number(first.id) + 1);
});

Deno.test("live() accepts charts and other displayables", async () => {
  const { shown, sink } = recorder();
  const chart = (n: number) => renderPlot({ marks: [Plot.dot([[0, n]])] }, { png: false });
  const view = live(chart(0), { sink });
  await view.update(chart(1));
  assert.deepEqual(shown.map(({ keys }) => keys.join(",")), [
    "image/svg+xml,text/plain",
    "image/svg+xml,text/plain",
  ]);
  assert.deepEqual(shown[0].text, "Chart 640×400: dot (1)");
});

Deno.test("a failing sink does not reject updates; the error is kept", async () => {
  const errors: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void errors.push(args);
  try {
    const view = live({ "text/plain": "x" }, {
      sink: {
        show() {
          throw new Error("frontend gone");
        },
      },
    });
    await view.update({ "text/plain": "y" });
    assert.match(String(view.error), /frontend gone/);
    assert.deepEqual(errors.length, 1);
  } finally {
    console.error = original;
  }
});

Deno.test("live() rejects values that are not bundles", () => {
  assert.throws(() => live({ "text/html": "<b>x</b>" } as never), {
    name: "TypeError",
    message: /"text\/plain"/,
  });
  assert.throws(() => live({ "text/plain": "" }, { sink: "loud" as never }), {
    name: "TypeError",
    message: /option sink/,
  });
});
