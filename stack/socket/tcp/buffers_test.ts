import assert from "node:assert/strict";
import { ReceiveBuffer } from "./receive_buffer.ts";
import { SendBuffer } from "./send_buffer.ts";

Deno.test("SendBuffer.slice() returns views, not copies, inside one write", () => {
  const buffer = new SendBuffer();
  buffer.write(new Uint8Array(1000).map((_, i) => i & 0xff));
  const a = buffer.slice(100, 50);
  const b = buffer.slice(100, 50);
  assert.equal(a.buffer, b.buffer); // same underlying chunk
  assert.equal(a[0], 100);
  buffer.release(500);
  assert.throws(() => buffer.slice(400, 10), /holds \[500, 1000\)/);
  assert.equal(buffer.slice(500, 1)[0], 500 & 0xff);
});

Deno.test("SendBuffer releases many small chunks and still slices correctly", () => {
  const buffer = new SendBuffer();
  for (let i = 0; i < 300; i++) buffer.write(new Uint8Array([i & 0xff, (i + 1) & 0xff]));
  buffer.release(400);
  // Write i holds [i, i + 1] at offsets 2i and 2i + 1: offsets 401, 402, 403 → 201, 201, 202.
  assert.deepEqual([...buffer.slice(401, 3)], [201, 201, 202]);
  assert.equal(buffer.length, 200);
});

Deno.test("ReceiveBuffer reassembles overlapping out-of-order pieces", () => {
  const stream = new Uint8Array(100).map((_, i) => i);
  const buffer = new ReceiveBuffer(1000);
  buffer.accept(50, stream.subarray(50, 60));
  buffer.accept(55, stream.subarray(55, 70)); // overlaps the first piece
  buffer.accept(20, stream.subarray(20, 30));
  assert.deepEqual(buffer.sackBlocks(), [{ start: 20, end: 30 }, { start: 50, end: 70 }]);
  assert.equal(buffer.outOfOrder, 30);
  assert.equal(buffer.accept(0, stream.subarray(0, 25)), 30); // fills to 30
  assert.equal(buffer.accept(30, stream.subarray(30, 100)), 70);
  assert.deepEqual([...buffer.read()], [...stream]);
  assert.deepEqual(buffer.sackBlocks(), []);
});

Deno.test("ReceiveBuffer drops bytes beyond the window and before next", () => {
  const buffer = new ReceiveBuffer(10);
  assert.equal(buffer.accept(0, new Uint8Array(6)), 6);
  assert.equal(buffer.window, 4);
  assert.equal(buffer.accept(3, new Uint8Array(10)), 4); // 3 duplicates, 4 fit, 3 dropped
  assert.equal(buffer.window, 0);
  buffer.read(5);
  assert.equal(buffer.window, 5);
});
