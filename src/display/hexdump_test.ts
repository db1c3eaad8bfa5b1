import assert from "node:assert/strict";
import { hexdump, type HexField } from "./hexdump.ts";
import { DISPLAY } from "./mime.ts";

// An Ethernet II header followed by the first bytes of an IPv4 header (RFC 791 layout):
// destination ff:ff:ff:ff:ff:ff, source 52:54:00:12:34:56, EtherType 0x0800.
const frame = new Uint8Array([
  0xff,
  0xff,
  0xff,
  0xff,
  0xff,
  0xff,
  0x52,
  0x54,
  0x00,
  0x12,
  0x34,
  0x56,
  0x08,
  0x00,
  0x45,
  0x00,
  0x00,
  0x54,
  0x1c,
  0x46,
  0x40,
  0x00,
  0x40,
  0x01,
]);
const fields: HexField[] = [
  { start: 0, end: 6, layer: "ethernet", name: "destination", value: "ff:ff:ff:ff:ff:ff" },
  { start: 6, end: 12, layer: "ethernet", name: "source", value: "52:54:00:12:34:56" },
  { start: 12, end: 14, layer: "ethernet", name: "type", value: "0x0800" },
  { start: 14, end: 15, layer: "ipv4", name: "version", value: 4 },
  { start: 14, end: 15, layer: "ipv4", name: "ihl", value: 5 },
  { start: 22, end: 23, layer: "ipv4", name: "ttl", value: 64 },
];

async function systemHexdump(bytes: Uint8Array): Promise<string | null> {
  try {
    const child = new Deno.Command("hexdump", {
      args: ["-C", "-v"],
      stdin: "piped",
      stdout: "piped",
    })
      .spawn();
    const writer = child.stdin.getWriter();
    await writer.write(bytes);
    await writer.close();
    return new TextDecoder().decode((await child.output()).stdout).trimEnd();
  } catch {
    return null;
  }
}

Deno.test("hexdump() text matches `hexdump -C -v` byte for byte", async (t) => {
  for (const length of [0, 1, 8, 9, 16, 24, 33]) {
    await t.step(`${length} bytes`, async () => {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + 11) & 0xff);
      const expected = await systemHexdump(bytes);
      if (expected === null) return; // bsdextrautils not installed: nothing to compare with
      // For no input `hexdump` prints nothing; we still print the end offset.
      assert.deepEqual(String(hexdump(bytes)), length === 0 ? "00000000" : expected);
    });
  }
});

Deno.test("hexdump() lists the fields after the dump", () => {
  const text = String(hexdump(frame, { fields }));
  assert.deepEqual(text.split("\n").slice(3), [
    "",
    "bytes   0–5  ethernet.destination = ff:ff:ff:ff:ff:ff",
    "bytes  6–11  ethernet.source = 52:54:00:12:34:56",
    "bytes 12–13  ethernet.type = 0x0800",
    "bytes    14  ipv4.version = 4",
    "bytes    14  ipv4.ihl = 5",
    "bytes    22  ipv4.ttl = 64",
  ]);
});

Deno.test("hexdump() HTML names each byte's fields and colours layers", () => {
  const bundle = hexdump(frame, { fields })[DISPLAY]();
  assert.deepEqual(Object.keys(bundle), ["text/html", "text/plain"]);
  const html = bundle["text/html"];
  assert.match(html, /title="ethernet\.type = 0x0800 · byte 12">08 <\/span>/);
  assert.match(html, /title="ipv4\.version = 4; ipv4\.ihl = 5 · byte 14">45<\/span>/);
  assert.match(html, /title="ipv4\.ttl = 64 · byte 22">40<\/span>/);
  assert(html.includes(">ethernet</span>") && html.includes(">ipv4</span>"), "legend");
  // Neighbouring fields of a layer alternate two tints: ethernet shows both (3 fields),
  // ipv4 only its first (byte 14 takes version's tint, ttl is its 3rd field) → 3 colours.
  const colours = new Set([...html.matchAll(/background:(#[0-9a-f]{6})/g)].map((m) => m[1]));
  assert.deepEqual(colours.size, 3);
});

Deno.test("hexdump() cuts long buffers at maxBytes", () => {
  const text = String(hexdump(new Uint8Array(40), { maxBytes: 16 }));
  assert.deepEqual(text.split("\n").slice(-2), [
    "00000010",
    "… 24 more bytes not shown (40 in all)",
  ]);
});

Deno.test("hexdump() rejects fields outside the buffer with the fix", () => {
  assert.throws(
    () => hexdump(frame, { fields: [{ start: 20, end: 40, layer: "ipv4", name: "options" }] }),
    {
      name: "RangeError",
      message: /fields\[0\] \(ipv4\.options\) ends at byte 40, past the end of the 24-byte buffer/,
    },
  );
  assert.throws(() => hexdump(frame, { fields: [{ start: 5, end: 5, layer: "l", name: "n" }] }), {
    name: "RangeError",
    message: /end is exclusive/,
  });
  assert.throws(() => hexdump([1, 2] as never), {
    name: "TypeError",
    message: /must be a Uint8Array/,
  });
  assert.throws(() => hexdump(frame, { fields: [{ start: -1, end: 2, layer: "l", name: "n" }] }), {
    name: "RangeError",
    message: /option fields\[0\]\.start must be ≥ 0/,
  });
});
