import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  BlobError,
  describe,
  MEDIA_TYPES,
  parseDigest,
  sha256Digest,
  verifyBlob,
} from "./descriptor.ts";

Deno.test("sha256Digest() matches sha256sum", async () => {
  const data = new TextEncoder().encode("abc");
  // FIPS 180-2 example: sha256("abc")
  assert.equal(
    sha256Digest(data),
    "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
  const file = await Deno.makeTempFile();
  await Deno.writeFile(file, data);
  const out = await new Deno.Command("sha256sum", { args: [file], stdout: "piped" }).output();
  await Deno.remove(file);
  assert.equal(sha256Digest(data), `sha256:${new TextDecoder().decode(out.stdout).split(" ")[0]}`);
});

Deno.test("parseDigest() follows the descriptor.md grammar", () => {
  // Valid examples from descriptor.md "Digests"
  for (
    const ok of [
      "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b",
      "multihash+base58:QmRZxt2b1FVZPWqQ4XWsDkLz5jUhjPbgYXaRR5ndtbdBrQ",
      "sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564",
    ]
  ) {
    assert.doesNotThrow(() => parseDigest(ok), ok);
  }
  assert.throws(() => parseDigest("SHA256:" + "a".repeat(64)), /algorithm "SHA256"/);
  assert.throws(() => parseDigest("sha256:" + "a".repeat(63)), /64 lowercase hex/);
  assert.throws(() => parseDigest("sha256:" + "A".repeat(64)), /64 lowercase hex/);
  assert.throws(() => parseDigest("sha256:a b"), /encoded part/);
  assert.throws(() => parseDigest("sha256-:aa"), /algorithm/);
  assert.throws(() => parseDigest(42 as never), TypeError);
});

Deno.test("verifyBlob(): size, digest and media type, errors name the blob", () => {
  const bytes = new TextEncoder().encode("{}");
  const d = describe(MEDIA_TYPES.config, bytes, { note: "x" });
  assert.equal(d.digest, `sha256:${createHash("sha256").update("{}").digest("hex")}`);
  assert.deepEqual(d.annotations, { note: "x" });
  verifyBlob(d, bytes, [MEDIA_TYPES.config]);
  assert.throws(
    () => verifyBlob(d, new TextEncoder().encode("[]")),
    (e: unknown) =>
      e instanceof BlobError && e.digest === d.digest && /hashes to sha256:/.test(e.message),
  );
  assert.throws(
    () => verifyBlob(d, bytes, [MEDIA_TYPES.manifest]),
    /is not one of application\/vnd.oci.image.manifest/,
  );
  assert.throws(
    () => verifyBlob({ ...d, digest: "sha512:" + "a".repeat(128), size: 2 }, bytes),
    /only sha256/,
  );
});
