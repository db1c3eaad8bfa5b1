import assert from "node:assert/strict";
import { bulkTransfer } from "./bulk_transfer.ts";
import { segmentArrows } from "./diagram.ts";

Deno.test("segmentArrows() draws the handshake, the data and the loss with relative numbers", () => {
  // MSS 1000 and no timestamps: 3000 bytes are three segments, the 2nd is dropped.
  const { trace } = bulkTransfer({
    bytes: 3000,
    seed: 1,
    drop: [2],
    settings: { mss: 1000, timestamps: false, sack: false },
  });
  const arrows = segmentArrows(trace!.rows);
  const labels = arrows.map((a) =>
    `${a.from === "sender" ? "→" : "←"} ${a.label}${a.received === null ? " X" : ""}`
  );
  assert.deepEqual(labels.slice(0, 8), [
    "→ S",
    "← S. ack 1",
    "→ . ack 1",
    "→ . 1:1001 ack 1",
    "→ . 1001:2001 ack 1 X", // dropped
    "→ P. 2001:3001 ack 1",
    "→ F. ack 1", // close() right after the write: the FIN follows at once
    "← . ack 1001",
  ]);
  const lost = arrows.filter((a) => a.received === null);
  assert.equal(lost.length, 1);
  assert.equal(lost[0].to, "receiver"); // meant for the receiver, never arrived
  const resent = arrows.find((a) => a.event !== "send" && a.len > 0)!;
  assert.equal(resent.label, ". 1001:2001 ack 1");
  assert.ok(resent.received! > resent.sent);
});
