import assert from "node:assert/strict";
import { WireError } from "./errors.ts";
import {
  emitTcpOptions,
  formatTcpOptions,
  parseTcpOptions,
  type TcpOption,
  tcpOptionLength,
  walkTcpOptions,
} from "./tcp_options.ts";
import { fromHex, throwsError } from "./_testing.ts";

// The options of Linux's SYN as scapy 2.5.0 writes them (see tcp_test.ts):
//   [("MSS", 1460), ("SAckOK", b""), ("Timestamp", (12345, 0)), ("NOP", None), ("WScale", 7)]
const LINUX_SYN = fromHex("020405b40402080a000030390000000001030307");

Deno.test("TCP options", async (t) => {
  await t.step("parse the options of a real SYN and write them back byte for byte", () => {
    const options = parseTcpOptions(LINUX_SYN);
    assert.equal(formatTcpOptions(options), "mss 1460,sackOK,TS val 12345 ecr 0,nop,wscale 7");
    assert.deepEqual(emitTcpOptions(options), LINUX_SYN);
    assert.equal(options.reduce((sum: number, o: TcpOption) => sum + tcpOptionLength(o), 0), 20);
  });

  await t.step(
    "walk reports byte ranges and stops at a malformed option after the good ones",
    () => {
      const seen: string[] = [];
      const error = throwsError(
        () =>
          walkTcpOptions(
            new Uint8Array([1, 4, 2, 2, 5]),
            (o, start, end) => seen.push(`${o.kind}@${start}-${end}`),
          ),
        WireError,
      );
      assert.deepEqual(seen, ["nop@0-1", "sackPermitted@1-3"]);
      assert.deepEqual([error.field, error.offset], ["options.mss", 23]);
    },
  );

  await t.step("rejects malformed option lengths", () => {
    const cases: [number[], string, number, RegExp][] = [
      [[1, 1, 1, 2], "options.mss", 23, /no length byte/],
      [[2, 1, 0, 0], "options.mss", 20, /length 1, below the 2 bytes/],
      [[2, 5, 0, 0, 0, 1, 1, 1], "options.mss", 20, /length 5, not 4/],
      [[3, 4, 7, 1], "options.windowScale", 20, /length 4, not 3/],
      [[5, 6, 0, 0, 0, 0, 1, 1], "options.sack", 20, /not 2 \+ 8/],
      [[8, 2, 1, 1], "options.timestamps", 20, /length 2, not 10/],
      [[99, 0, 1, 1], "options.kind99", 20, /length 0/],
    ];
    for (const [options, field, offset, message] of cases) {
      const error = throwsError(() => parseTcpOptions(new Uint8Array(options)), WireError);
      assert.deepEqual([error.field, error.offset], [field, offset], field);
      assert.match(error.message, message);
    }
  });

  await t.step("stops at End of Option List; later bytes are padding", () => {
    assert.deepEqual(parseTcpOptions(new Uint8Array([1, 0, 2, 9])), [{ kind: "nop" }, {
      kind: "eol",
    }]);
  });

  await t.step("keeps unknown options", () => {
    assert.deepEqual(parseTcpOptions(new Uint8Array([30, 4, 0xab, 0xcd])), [
      { kind: "unknown", type: 30, data: new Uint8Array([0xab, 0xcd]) },
    ]);
  });

  await t.step("pads options with EOL to a 4-byte boundary", () => {
    const bytes = emitTcpOptions([{ kind: "windowScale", shift: 7 }]);
    assert.deepEqual([...bytes], [3, 3, 7, 0]);
    assert.deepEqual(parseTcpOptions(bytes), [{ kind: "windowScale", shift: 7 }, { kind: "eol" }]);
  });
});
