import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import { buildImage, layerEntries } from "./build.ts";
import { MEDIA_TYPES, sha256Digest } from "./descriptor.ts";
import { REF_NAME } from "./config.ts";
import { readTar } from "./tar.ts";

const LAYERS = [
  { files: { "/etc/os-release": "ID=lab\n", "/tmp/x": "x" }, comment: "base" },
  { remove: ["/tmp/x"], opaque: ["/etc"], files: { "/etc/hostname": "box\n" } },
];

Deno.test("buildImage(): same input → same digests; a changed byte changes every digest above it", () => {
  const a = buildImage(LAYERS);
  const b = buildImage(LAYERS);
  assert.equal(a.manifestDescriptor.digest, b.manifestDescriptor.digest);
  assert.deepEqual([...a.layout.blobs.keys()], [...b.layout.blobs.keys()]);
  const c = buildImage([LAYERS[0], { ...LAYERS[1], files: { "/etc/hostname": "bot\n" } }]);
  assert.equal(c.layers[0].descriptor.digest, a.layers[0].descriptor.digest); // the base is shared
  assert.notEqual(c.layers[1].diffId, a.layers[1].diffId);
  assert.notEqual(c.config.rootfs.diff_ids[1], a.config.rootfs.diff_ids[1]);
  assert.notEqual(c.manifestDescriptor.digest, a.manifestDescriptor.digest);
});

Deno.test("buildImage(): diff_ids hash the uncompressed tar, layer digests the gzip blob", () => {
  const image = buildImage(LAYERS, { tag: "v1" });
  for (const layer of image.layers) {
    const blob = image.layout.blobs.get(layer.descriptor.digest)!;
    assert.equal(layer.descriptor.mediaType, MEDIA_TYPES.layerGzip);
    assert.equal(sha256Digest(blob), layer.descriptor.digest);
    assert.equal(sha256Digest(new Uint8Array(gunzipSync(blob))), layer.diffId);
  }
  assert.deepEqual(image.config.history, [{ created_by: "base" }, { created_by: "layer 1" }]);
  assert.equal(image.layout.index.manifests[0].annotations![REF_NAME], "v1");
  const plain = buildImage(LAYERS, { compress: "none" });
  assert.equal(plain.layers[0].descriptor.digest, plain.layers[0].diffId);
});

Deno.test("layerEntries(): whiteouts and opaque markers in the tar, parents created", () => {
  const entries = readTar(buildImage(LAYERS).layers[1].tar);
  assert.deepEqual(entries.map((e) => e.path), [
    "etc",
    "etc/.wh..wh..opq",
    "etc/hostname",
    "tmp",
    "tmp/.wh.x",
  ]);
  assert.deepEqual(
    layerEntries({ symlinks: { "/bin/sh": "busybox" } }).map((e) => [e.path, e.type]),
    [["bin", "directory"], ["bin/sh", "symlink"]],
  );
});

Deno.test("buildImage(): typos and bad options get helpful errors", () => {
  assert.throws(() => buildImage([{ file: { "/a": "x" } } as never]), /file/);
  assert.throws(() => buildImage(LAYERS, { compress: "zip" as never }), /compress/);
  assert.throws(() => buildImage(LAYERS, { tag: "bad tag" }), /tag/);
  assert.throws(
    () => buildImage([{ remove: ["/tmp/x"] }]),
    /layer 0 removes \/tmp\/x, which no lower layer has/,
  );
  assert.throws(() => buildImage("nope" as never), /layers must be an array/);
});

Deno.test("buildImage(): a misspelled or mistyped config field names config.<field>", () => {
  // config.md "Properties": Cmd is an array of strings, spelled with a capital C
  assert.throws(() => buildImage(LAYERS, { config: { cmd: ["/bin/sh"] } as never }), {
    name: "TypeError",
    message: /option config\.cmd is not a known option/,
  });
  assert.throws(() => buildImage(LAYERS, { config: { Cmd: "node app.js" } as never }), {
    name: "TypeError",
    message: /option config\.Cmd must be array \(got "node app\.js"\); pass an array/,
  });
  assert.throws(
    () => buildImage(LAYERS, { config: { Env: ["PATH"] } }),
    /config\.Env\[0\] must be "NAME=value" \(got "PATH"\)/,
  );
});

Deno.test("layerEntries(): '..' in a path is refused (a layer cannot write outside the root)", () => {
  assert.throws(() => layerEntries({ files: { "/../etc/passwd": "x" } }), {
    name: "RangeError",
    message: /path "\/\.\.\/etc\/passwd" contains "\.\."/,
  });
  // a path without the leading slash is the same path
  assert.deepEqual(layerEntries({ files: { "etc/motd": "x" } }).map((e) => e.path), [
    "etc",
    "etc/motd",
  ]);
});

Deno.test("layerEntries(): a mode written in decimal (755) asks for octal (0o755)", () => {
  assert.throws(() => layerEntries({ files: { "/bin/x": { content: "", mode: 755 } } }), {
    name: "RangeError",
    message: /layer\.files\.\/bin\/x\.mode is 755, decimal \(= 0o1363\); .*mode: 0o755/,
  });
  assert.equal(layerEntries({ files: { "/bin/x": { mode: 0o4755 } } })[1].mode, 0o4755); // setuid is fine
});

Deno.test("buildImage(): opaque on a directory no lower layer has is a typo", () => {
  assert.throws(
    () => buildImage([{ files: { "/var/cache/a": "x" } }, { opaque: ["/var/cahce"] }]),
    /layer 1 makes \/var\/cahce opaque, but no lower layer has that directory/,
  );
});
