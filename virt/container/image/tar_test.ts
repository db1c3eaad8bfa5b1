import assert from "node:assert/strict";
import { headerChecksum, readTar, type TarEntry, TarError, writeTar } from "./tar.ts";
import { tool } from "./_tools.ts";

const text = (s: string) => new TextEncoder().encode(s);
const LONG = "deep/" + "n".repeat(120) + "/file.txt"; // 134 bytes: needs a pax "path" record

const ENTRIES: TarEntry[] = [
  { path: "etc", type: "directory", mode: 0o755 },
  { path: "etc/motd", type: "file", mode: 0o640, uid: 1000, gid: 100, content: text("hello\n") },
  { path: "bin", type: "directory" },
  { path: "bin/sh", type: "symlink", linkname: "busybox" },
  { path: LONG, type: "file", content: text("x".repeat(600)) },
];

Deno.test("writeTar(): a hand-checked ustar header for one file", () => {
  const bytes = writeTar([{ path: "a", type: "file", mode: 0o644, content: text("hi") }]);
  // header + 1 content block + 2 zero blocks
  assert.equal(bytes.length, 4 * 512);
  const block = bytes.subarray(0, 512);
  const ascii = (from: number, to: number) => new TextDecoder().decode(block.subarray(from, to));
  assert.equal(ascii(0, 2), "a\0");
  assert.equal(ascii(100, 108), "0000644\0");
  assert.equal(ascii(124, 136), "00000000002\0"); // size 2 in octal, 11 digits + NUL
  assert.equal(ascii(156, 157), "0");
  assert.equal(ascii(257, 265), "ustar\u000000");
  // checksum field: 6 octal digits, NUL, space; equals the sum with the field as spaces
  assert.equal(ascii(148, 156), headerChecksum(block).toString(8).padStart(6, "0") + "\0 ");
  assert.equal(new TextDecoder().decode(bytes.subarray(512, 514)), "hi");
});

Deno.test("writeTar() → readTar() round trip keeps paths, types, modes, owners, content, links", () => {
  const back = readTar(writeTar(ENTRIES));
  assert.deepEqual(back.map((e) => [e.path, e.type, e.mode, e.uid, e.gid, e.linkname]), [
    ["etc", "directory", 0o755, 0, 0, undefined],
    ["etc/motd", "file", 0o640, 1000, 100, undefined],
    ["bin", "directory", 0o755, 0, 0, undefined],
    ["bin/sh", "symlink", 0o777, 0, 0, "busybox"],
    [LONG, "file", 0o644, 0, 0, undefined],
  ]);
  assert.equal(new TextDecoder().decode(back[4].content), "x".repeat(600));
});

Deno.test("writeTar() is deterministic: same entries, same bytes", () => {
  assert.deepEqual(writeTar(ENTRIES), writeTar(ENTRIES));
});

Deno.test("GNU tar lists our archive: modes, owners, sizes, the long pax name, the symlink", async () => {
  const file = await Deno.makeTempFile({ suffix: ".tar" });
  await Deno.writeFile(file, writeTar(ENTRIES));
  const listing = (await tool("tar", ["--numeric-owner", "-tvf", file])).trim().split("\n")
    .map((line) => line.replace(/\s+\d{4}-\d\d-\d\d \d\d:\d\d/, "").replace(/\s+/g, " "));
  await Deno.remove(file);
  assert.deepEqual(listing, [
    "drwxr-xr-x 0/0 0 etc/",
    "-rw-r----- 1000/100 6 etc/motd",
    "drwxr-xr-x 0/0 0 bin/",
    "lrwxrwxrwx 0/0 0 bin/sh -> busybox",
    `-rw-r--r-- 0/0 600 ${LONG}`,
  ]);
});

Deno.test("readTar() reads a pax archive made by GNU tar, long names included", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/src/${"d".repeat(110)}`, { recursive: true });
  await Deno.writeTextFile(`${dir}/src/${"d".repeat(110)}/f`, "content");
  await Deno.symlink("f", `${dir}/src/link`);
  await tool("tar", [
    "--format=posix",
    "--sort=name",
    "-C",
    `${dir}/src`,
    "-cf",
    `${dir}/a.tar`,
    ".",
  ]);
  const entries = readTar(await Deno.readFile(`${dir}/a.tar`));
  await Deno.remove(dir, { recursive: true });
  const byPath = new Map(entries.map((e) => [e.path, e]));
  assert.equal(new TextDecoder().decode(byPath.get(`${"d".repeat(110)}/f`)!.content), "content");
  assert.equal(byPath.get("link")!.linkname, "f");
  assert.equal(byPath.get("d".repeat(110))!.type, "directory");
});

Deno.test("readTar() rejects a bad checksum, a truncated header and truncated content", () => {
  const bytes = writeTar([{ path: "a", type: "file", content: text("hi") }]);
  const corrupt = bytes.slice();
  corrupt[0] = "b".charCodeAt(0);
  assert.throws(
    () => readTar(corrupt),
    (e: unknown) => e instanceof TarError && /checksum \d+ does not match/.test(e.message),
  );
  assert.throws(() => readTar(bytes.subarray(0, 300)), /truncated/);
  const big = writeTar([{ path: "a", type: "file", content: new Uint8Array(2000) }]);
  assert.throws(() => readTar(big.subarray(0, 1024)), /2000 bytes of content run past the end/);
});

Deno.test("writeTar() rejects an unknown type and the root path", () => {
  assert.throws(() => writeTar([{ path: "x", type: "socket" as never }]), /type socket is unknown/);
  assert.throws(() => writeTar([{ path: "/", type: "directory" }]), /is the root/);
});

Deno.test("readTar() of a gzip blob or a string says what to pass instead", async () => {
  const { gzipSync } = await import("node:zlib");
  const blob = new Uint8Array(gzipSync(writeTar([{ path: "a", type: "file" }])));
  assert.throws(() => readTar(blob), {
    name: "TarError",
    message: /gzip-compressed \(they start with 1f 8b\); decompress first with gunzipSync/,
  });
  assert.throws(() => readTar("hello" as never), {
    name: "TypeError",
    message: /bytes must be a Uint8Array \(got string\)/,
  });
});
