/**
 * Descriptors: how one OCI object points at another (image-spec `descriptor.md`). A descriptor
 * names a blob by the hash of its bytes — its *digest* — plus its size and media type, so a
 * reader can fetch the blob from any store and check it byte for byte ("content addressing").
 * Use `describe(mediaType, bytes)` to make one, `verifyBlob(descriptor, bytes)` to check a blob
 * against one, `parseDigest(text)` to validate a digest string.
 *
 * ```
 *   { "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
 *     "digest":    "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0",
 *     "size":      32654 }
 *        digest = algorithm ":" encoded          encoded = hex(sha256(blob bytes))
 * ```
 *
 * @module
 */

import { createHash } from "node:crypto";

/**
 * The OCI media types this model knows (image-spec `media-types.md`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MEDIA_TYPES } from "./descriptor.ts";
 * assert.equal(MEDIA_TYPES.manifest, "application/vnd.oci.image.manifest.v1+json");
 * ```
 */
export const MEDIA_TYPES = {
  /** image-index.md */
  index: "application/vnd.oci.image.index.v1+json",
  /** manifest.md */
  manifest: "application/vnd.oci.image.manifest.v1+json",
  /** config.md */
  config: "application/vnd.oci.image.config.v1+json",
  /** layer.md: an uncompressed tar */
  layer: "application/vnd.oci.image.layer.v1.tar",
  /** layer.md: a gzip-compressed tar */
  layerGzip: "application/vnd.oci.image.layer.v1.tar+gzip",
  /** layer.md: a zstd-compressed tar (recognised, not decompressed by this model) */
  layerZstd: "application/vnd.oci.image.layer.v1.tar+zstd",
} as const;

/**
 * A descriptor (descriptor.md "Properties").
 *
 * @example
 * ```ts
 * import type { Descriptor } from "./descriptor.ts";
 * const d: Descriptor = { mediaType: "application/vnd.oci.image.config.v1+json", digest: "sha256:" + "0".repeat(64), size: 2 };
 * ```
 */
export interface Descriptor {
  /** Media type of the referenced blob. */
  readonly mediaType: string;
  /** Digest of the blob's bytes, "algorithm:encoded". */
  readonly digest: string;
  /** Size of the blob in bytes. */
  readonly size: number;
  /** Free-form string pairs, e.g. "org.opencontainers.image.ref.name" in index.json. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Platform of a manifest listed in an index (image-index.md). */
  readonly platform?: { readonly architecture: string; readonly os: string };
}

/**
 * sha256 of some bytes, as an OCI digest "sha256:<64 hex>".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sha256Digest } from "./descriptor.ts";
 * // sha256 of the empty string, a well-known constant
 * assert.equal(sha256Digest(new Uint8Array()), "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
 * ```
 */
export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

/**
 * Split and validate a digest by the grammar of descriptor.md "Digests":
 *
 * ```
 *   digest                ::= algorithm ":" encoded
 *   algorithm             ::= algorithm-component (algorithm-separator algorithm-component)*
 *   algorithm-component   ::= [a-z0-9]+
 *   algorithm-separator   ::= [+._-]
 *   encoded               ::= [a-zA-Z0-9=_-]+
 * ```
 *
 * plus the registered algorithms: sha256 → /[a-f0-9]{64}/, sha512 → /[a-f0-9]{128}/.
 * Throws SyntaxError naming the rule broken.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseDigest } from "./descriptor.ts";
 * assert.equal(parseDigest("sha256:" + "ab".repeat(32)).algorithm, "sha256");
 * assert.throws(() => parseDigest("sha256:ABC"), /64 lowercase hex/);
 * assert.throws(() => parseDigest("md5"), /algorithm ":" encoded/);
 * ```
 */
export function parseDigest(digest: string): { algorithm: string; encoded: string } {
  if (typeof digest !== "string") {
    throw new TypeError(
      `Cannot parse digest: expected a string like "sha256:<64 hex>" (got ${typeof digest})`,
    );
  }
  const colon = digest.indexOf(":");
  if (colon === -1) {
    throw new SyntaxError(
      `Cannot parse digest ${
        JSON.stringify(digest)
      }: it must be algorithm ":" encoded, e.g. "sha256:<64 hex>"`,
    );
  }
  const algorithm = digest.slice(0, colon);
  const encoded = digest.slice(colon + 1);
  if (!/^[a-z0-9]+([+._-][a-z0-9]+)*$/.test(algorithm)) {
    throw new SyntaxError(
      `Cannot parse digest ${JSON.stringify(digest)}: algorithm ${
        JSON.stringify(algorithm)
      } must be [a-z0-9]+ parts joined by + . _ -`,
    );
  }
  if (!/^[a-zA-Z0-9=_-]+$/.test(encoded)) {
    throw new SyntaxError(
      `Cannot parse digest ${JSON.stringify(digest)}: encoded part must match [a-zA-Z0-9=_-]+`,
    );
  }
  const registered: Record<string, number> = { sha256: 64, sha512: 128 };
  const length = registered[algorithm];
  if (length !== undefined && !new RegExp(`^[a-f0-9]{${length}}$`).test(encoded)) {
    throw new SyntaxError(
      `Cannot parse digest ${
        JSON.stringify(digest)
      }: ${algorithm} needs ${length} lowercase hex digits (got ${encoded.length} characters)`,
    );
  }
  return { algorithm, encoded };
}

/**
 * A descriptor for some bytes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { describe, MEDIA_TYPES } from "./descriptor.ts";
 * const d = describe(MEDIA_TYPES.config, new TextEncoder().encode("{}"));
 * assert.equal(d.size, 2);
 * assert.equal(d.digest, "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
 * ```
 */
export function describe(
  mediaType: string,
  bytes: Uint8Array,
  annotations?: Readonly<Record<string, string>>,
): Descriptor {
  return {
    mediaType,
    digest: sha256Digest(bytes),
    size: bytes.length,
    ...(annotations && Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
}

/**
 * A blob that does not match its descriptor, or is missing. `digest` names the blob.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BlobError, describe, verifyBlob } from "./descriptor.ts";
 * const d = describe("application/vnd.oci.image.config.v1+json", new Uint8Array([1]));
 * assert.throws(() => verifyBlob(d, new Uint8Array([2])), BlobError);
 * ```
 */
export class BlobError extends Error {
  /** Digest of the blob named by the descriptor. */
  readonly digest: string;
  /** Builds the error. */
  constructor(message: string, digest: string) {
    super(message);
    this.name = "BlobError";
    this.digest = digest;
  }
}

/**
 * Check a blob against its descriptor (descriptor.md "Verification": size first, then digest)
 * and, when `expectedTypes` is given, its media type. Throws BlobError naming the blob and fix.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { describe, verifyBlob } from "./descriptor.ts";
 * const bytes = new TextEncoder().encode("layer");
 * const d = describe("application/vnd.oci.image.layer.v1.tar", bytes);
 * verifyBlob(d, bytes); // fine
 * assert.throws(() => verifyBlob({ ...d, size: 4 }, bytes), /size 4 .* 5 bytes/);
 * ```
 */
export function verifyBlob(
  descriptor: Descriptor,
  bytes: Uint8Array,
  expectedTypes?: readonly string[],
): void {
  const { algorithm } = parseDigest(descriptor.digest);
  if (expectedTypes && !expectedTypes.includes(descriptor.mediaType)) {
    throw new BlobError(
      `Cannot use blob ${descriptor.digest}: media type ${
        JSON.stringify(descriptor.mediaType)
      } is not one of ${
        expectedTypes.join(", ")
      }; fix the descriptor's mediaType or convert the blob`,
      descriptor.digest,
    );
  }
  if (bytes.length !== descriptor.size) {
    throw new BlobError(
      `Blob ${descriptor.digest}: descriptor says size ${descriptor.size} but the blob has ${bytes.length} bytes; the blob is truncated or the descriptor stale — re-fetch the blob or fix "size"`,
      descriptor.digest,
    );
  }
  if (algorithm !== "sha256") {
    throw new BlobError(
      `Cannot verify blob ${descriptor.digest}: only sha256 is supported by this model`,
      descriptor.digest,
    );
  }
  const actual = sha256Digest(bytes);
  if (actual !== descriptor.digest) {
    throw new BlobError(
      `Blob ${descriptor.digest}: content hashes to ${actual}; the blob was modified or corrupted — re-fetch it, or update every descriptor that points at it`,
      descriptor.digest,
    );
  }
}
