/**
 * `plugins/imagelocality`: the ImageLocality plugin — its NAME, reason strings (if it filters) and factory.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NAME } from "./mod.ts";
 * assert.equal(NAME, "ImageLocality");
 * ```
 *
 * @module
 */

// The ImageLocality plugin (see the file's header for the upstream source and formula).
export * from "./image_locality.ts";
