import assert from "node:assert/strict";
import { DISPLAY } from "./mime.ts";
import { table } from "./table.ts";

const rows = [
  { host: "client", bytes: 1500, rtt: 0.0125, up: true },
  { host: "server<1>", bytes: 60, rtt: 1.5, up: false },
];

Deno.test("table() bundles text/html and text/plain", () => {
  const bundle = table(rows)[DISPLAY]();
  assert.deepEqual(Object.keys(bundle), ["text/html", "text/plain"]);
});

Deno.test("table() aligns numbers right and text left in plain text", () => {
  assert.deepEqual(
    String(table(rows)),
    [
      "host       bytes    rtt  up",
      "---------  -----  -----  -----",
      "client      1500  0.013  true",
      "server<1>     60    1.5  false",
    ].join("\n"),
  );
});

Deno.test("table() escapes cells in HTML", () => {
  const html = table(rows)[DISPLAY]()["text/html"];
  assert.match(html, />server&lt;1&gt;</);
  assert.match(html, /<th style="text-align:right[^>]*>bytes<\/th>/);
});

Deno.test("table() applies column choice, formats, caption and the row limit", () => {
  const out = table(rows, {
    columns: ["bytes", "host"],
    format: { bytes: (value) => `${value} B` },
    caption: "Frames",
    maxRows: 1,
  });
  assert.deepEqual(
    String(out),
    ["Frames", " bytes  host", "------  ------", "1500 B  client", "… 1 more row (2 in all)"].join(
      "\n",
    ),
  );
});

Deno.test("table() of no rows shows just the header", () => {
  assert.deepEqual(String(table([], { columns: ["a"] })), "a\n-");
});

Deno.test("table() names the bad input and the fix", () => {
  assert.throws(() => table("nope" as never), {
    name: "TypeError",
    message: /rows must be an array of objects/,
  });
  assert.throws(() => table([1] as never), {
    name: "TypeError",
    message: /rows\[0\] is 1, not an object/,
  });
  assert.throws(() => table(rows, { columns: ["hots"] }), {
    name: "RangeError",
    message: /"hots", which no row has; use one of/,
  });
  assert.throws(() => table(rows, { maxRows: 0 }), {
    name: "RangeError",
    message: /option maxRows must be ≥ 1 \(got 0\)/,
  });
  assert.throws(() => table(rows, { format: { bytes: "x" as never } }), {
    name: "TypeError",
    message: /option format\.bytes/,
  });
});
