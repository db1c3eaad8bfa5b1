import assert from "node:assert/strict";
import { buildImage, type LayerSpec } from "./build.ts";
import { BlobError, MEDIA_TYPES, sha256Digest } from "./descriptor.ts";
import { jsonBytes, REF_NAME } from "./config.ts";
import { loadImage, mergeLayouts, type OciLayout, readLayout, writeLayout } from "./layout.ts";
import { tool } from "./_tools.ts";

const LAYERS: LayerSpec[] = [
  {
    files: {
      "/etc/os-release": "ID=lab\n",
      "/tmp/x": "scratch",
      "/bin/hello": { content: "#!/bin/sh\necho hi\n", mode: 0o755 },
    },
    symlinks: { "/bin/sh": "busybox" },
    comment: "base",
  },
  { remove: ["/tmp/x"], files: { ["/deep/" + "n".repeat(120)]: "a long name" }, comment: "tidy" },
];

Deno.test("skopeo accepts our layout: inspect --raw returns our manifest bytes, copy verifies digests", async () => {
  const image = buildImage(LAYERS, { tag: "v1", config: { Cmd: ["/bin/hello"] } });
  const dir = await Deno.makeTempDir();
  await writeLayout(image.layout, `${dir}/a`);
  const raw = await tool("skopeo", ["inspect", "--raw", `oci:${dir}/a:v1`]);
  assert.equal(sha256Digest(new TextEncoder().encode(raw)), image.manifestDescriptor.digest);
  await tool("skopeo", ["copy", "--quiet", `oci:${dir}/a:v1`, `oci:${dir}/b:v1`]);
  const copied = await readLayout(`${dir}/b`);
  const loaded = loadImage(copied, "v1");
  assert.equal(loaded.manifestDescriptor.digest, image.manifestDescriptor.digest);
  assert.deepEqual(loaded.layers.map((l) => l.diffId), image.config.rootfs.diff_ids);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a corrupted layer blob is refused by skopeo copy and by loadImage(), naming the blob", async () => {
  const image = buildImage(LAYERS, { tag: "v1" });
  const layer = image.layers[1].descriptor.digest;
  const blobs = new Map(image.layout.blobs);
  const bad = blobs.get(layer)!.slice();
  bad[bad.length - 1] ^= 0xff;
  blobs.set(layer, bad);
  const corrupt: OciLayout = { index: image.layout.index, blobs };
  assert.throws(
    () => loadImage(corrupt, "v1"),
    (e: unknown) =>
      e instanceof BlobError && e.digest === layer && /content hashes to/.test(e.message),
  );
  const dir = await Deno.makeTempDir();
  await writeLayout(corrupt, `${dir}/a`);
  await assert.rejects(
    tool("skopeo", ["copy", "--quiet", `oci:${dir}/a:v1`, `oci:${dir}/b:v1`]),
    /failed/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("loadImage(): size mismatch, missing blob, unknown media type, diff_id mismatch", () => {
  const image = buildImage(LAYERS, { tag: "v1" });
  const layer = image.layers[0].descriptor;
  const short = new Map(image.layout.blobs);
  short.set(layer.digest, image.layout.blobs.get(layer.digest)!.subarray(1));
  assert.throws(
    () => loadImage({ ...image.layout, blobs: short }, "v1"),
    /size \d+ but the blob has \d+ bytes/,
  );
  const missing = new Map(image.layout.blobs);
  missing.delete(layer.digest);
  assert.throws(
    () => loadImage({ ...image.layout, blobs: missing }, "v1"),
    /is missing from blobs/,
  );
  // A manifest whose layer claims an unknown media type (and one whose config lies about diff_ids).
  const withManifest = (manifest: unknown, configOverride?: unknown): OciLayout => {
    const blobs = new Map(image.layout.blobs);
    let m = manifest as typeof image.manifest;
    if (configOverride) {
      const bytes = jsonBytes(configOverride);
      const digest = sha256Digest(bytes);
      blobs.set(digest, bytes);
      m = { ...m, config: { ...m.config, digest, size: bytes.length } };
    }
    const bytes = jsonBytes(m);
    const digest = sha256Digest(bytes);
    blobs.set(digest, bytes);
    return {
      index: {
        schemaVersion: 2,
        manifests: [{
          mediaType: MEDIA_TYPES.manifest,
          digest,
          size: bytes.length,
          annotations: { [REF_NAME]: "t" },
        }],
      },
      blobs,
    };
  };
  const odd = {
    ...image.manifest,
    layers: [{ ...layer, mediaType: "application/x-tar" }, image.manifest.layers[1]],
  };
  assert.throws(
    () => loadImage(withManifest(odd), "t"),
    /media type "application\/x-tar" is not one of/,
  );
  const lying = {
    ...image.config,
    rootfs: { type: "layers", diff_ids: [...image.config.rootfs.diff_ids].reverse() },
  };
  assert.throws(() => loadImage(withManifest(image.manifest, lying), "t"), /diff_ids\[0\]/);
});

Deno.test("mergeLayouts(): two images sharing a base layer store it once", () => {
  const base: LayerSpec = { files: { "/etc/os-release": "ID=lab\n".repeat(100) } };
  const a = buildImage([base, { files: { "/app/a": "a" } }], { tag: "a" });
  const b = buildImage([base, { files: { "/app/b": "b" } }], { tag: "b" });
  assert.equal(a.layers[0].descriptor.digest, b.layers[0].descriptor.digest);
  const merged = mergeLayouts([a.layout, b.layout]);
  const size = (layout: OciLayout) => [...layout.blobs.values()].reduce((s, x) => s + x.length, 0);
  assert.equal(size(merged), size(a.layout) + size(b.layout) - a.layers[0].descriptor.size);
  assert.deepEqual(merged.index.manifests.map((m) => m.annotations?.[REF_NAME]), ["a", "b"]);
  assert.equal(loadImage(merged, "b").layers.length, 2);
});

Deno.test("loadImage() and mergeLayouts(): an image where a layout is expected names .layout", () => {
  const image = buildImage([{ files: { "/a": "x" } }], { tag: "v1" });
  assert.throws(() => loadImage(image as never, "v1"), {
    name: "TypeError",
    message:
      /Cannot load image: the layout must be an OciLayout \{ index, blobs \}.*pass the built image's \.layout/,
  });
  assert.throws(
    () => mergeLayouts([image as never]),
    /layouts\[0\] must be an OciLayout.*\.layout/,
  );
  assert.throws(() => mergeLayouts(image.layout as never), /pass an array of layouts/);
  assert.throws(() => loadImage(image.layout, 1 as never), /the tag must be a string like "v1"/);
});
