import assert from "node:assert/strict";
import { dissect } from "./dissect.ts";
import { encapsulate, overhead } from "./encapsulation.ts";
import { parseHttp } from "./http.ts";

const request = {
  kind: "request",
  method: "GET",
  target: "/index.html",
  version: "HTTP/1.1",
  headers: [["Host", "example.test"], ["User-Agent", "stacklab"]],
  body: new Uint8Array(),
} as const;

Deno.test("encapsulate() turns an HTTP request into one checksummed frame whose layers add up", () => {
  const { frames, rows, message } = encapsulate(request);
  assert.equal(frames.length, 1);
  const d = dissect(frames[0]);
  assert.equal(d.errors?.length ?? 0, 0);
  // Hand count: 14 (Ethernet) + 20 (IPv4) + 20 (TCP) + the HTTP bytes.
  assert.equal(frames[0].length, 14 + 20 + 20 + message.length);
  assert.deepEqual(
    rows.map((row) => [row.layer, row.header]),
    [["HTTP", 0], ["TCP", 20], ["IPv4", 20], ["Ethernet", 14]],
  );
  // The receiver peels the headers off and gets the request back.
  const http = parseHttp(frames[0].subarray(54));
  assert.equal(http.kind === "request" && http.target, "/index.html");
});

Deno.test("encapsulate() splits a message longer than the MSS into segments with advancing sequence numbers", () => {
  const body = new Uint8Array(3000).fill(0x61);
  const { frames, mss } = encapsulate(body, { mtu: 1500, sequenceNumber: 1000 });
  assert.equal(mss, 1460);
  assert.equal(frames.length, 3); // ⌈3000 / 1460⌉
  const seqs = frames.map((frame) =>
    new DataView(frame.buffer, frame.byteOffset).getUint32(14 + 20 + 4)
  );
  assert.deepEqual(seqs, [1000, 2460, 3920]);
  assert.deepEqual(frames.map((f) => f.length), [1514, 1514, 54 + 80]);
});

Deno.test("encapsulate() pads a tiny frame to the 60-byte Ethernet minimum", () => {
  const { frames, rows } = encapsulate(new Uint8Array(1));
  assert.equal(frames[0].length, 60);
  assert.equal(rows.find((row) => row.layer === "Ethernet")!.header, 14 + 5);
});

Deno.test("overhead() pays every header again per segment and counts Ethernet's wire bytes", () => {
  const rows = overhead([0, 1460, 1461], { mtu: 1500 });
  const ethernet = rows.filter((row) => row.layer === "Ethernet").map((row) => row.bytes);
  // 0 B: 54 B of headers padded to 60 → 14 + 6 padding, + 4 FCS + 20 wire = 44.
  // 1460 B: a full frame, no padding → 14 + 4 + 20 = 38.
  // 1461 B: 38 for the full frame + (14 + 5 padding + 24) for the 1-byte one = 81.
  assert.deepEqual(ethernet, [44, 38, 81]);
  assert.deepEqual(rows.filter((row) => row.layer === "IPv4").map((row) => row.bytes), [
    20,
    20,
    40,
  ]);
  assert.throws(() => overhead([-1]), /payload -1/);
  assert.throws(() => encapsulate(new Uint8Array(1), { mtu: 20 }), /mtu 20 is outside/);
});
