import assert from "node:assert/strict";
import {
  ChecksumError,
  HttpSyntaxError,
  isWireError,
  TruncatedError,
  WireError,
} from "./errors.ts";

Deno.test("wire errors", async (t) => {
  await t.step("compose 'what failed, value, (byte offset), fix' messages", () => {
    const error = new WireError({
      layer: "TCP",
      field: "options.mss",
      offset: 38,
      problem: "option mss of length 4 runs to byte 42, past the end of the 40-byte header",
      fix: "Raise the data offset or shorten the options.",
      action: "parse",
    });
    assert.equal(
      error.message,
      "Cannot parse TCP segment: option mss of length 4 runs to byte 42, past the end of the " +
        "40-byte header (byte offset 38). Raise the data offset or shorten the options.",
    );
    assert.equal(error.name, "WireError");
    assert.ok(error instanceof RangeError);
  });

  await t.step("say emit when emitting", () => {
    const error = new WireError({
      layer: "IPv4",
      field: "ttl",
      offset: 8,
      problem: "ttl 256 ...",
      action: "emit",
    });
    assert.match(error.message, /^Cannot emit IPv4 header: ttl 256 \.\.\. \(byte offset 8\)\.$/);
  });

  await t.step("form one family that isWireError() recognises", () => {
    const truncated = new TruncatedError({
      layer: "ARP",
      field: "header",
      offset: 0,
      needed: 8,
      available: 2,
    });
    const checksum = new ChecksumError({
      layer: "UDP",
      field: "checksum",
      offset: 6,
      found: 1,
      expected: 2,
      repr: { sourcePort: 1 },
      view: null,
    });
    const http = new HttpSyntaxError({ field: "method", offset: 0, problem: "p", fix: "f" });
    for (const error of [truncated, checksum, http]) assert.ok(isWireError(error), error.name);
    assert.ok(truncated instanceof WireError && checksum instanceof WireError);
    assert.deepEqual([http.layer, http.field, http.offset], ["HTTP", "method", 0]);
    assert.equal(checksum.repr.sourcePort, 1);
    assert.ok(!isWireError(new RangeError("Offset is outside the bounds of the DataView")));
    assert.ok(!isWireError("WireError"));
  });
});
