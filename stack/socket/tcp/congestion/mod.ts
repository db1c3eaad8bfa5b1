/**
 * `stack/socket/tcp/congestion`: how fast a TCP sender may send. Pluggable modules
 * behind one small interface; the endpoint picks one by name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createCongestionControl } from "./mod.ts";
 * const reno = createCongestionControl("reno", { mss: 1000 });
 * reno.onCongestion("duplicate-acks", { now: 0, flight: 20_000 });
 * assert.equal(reno.ssthresh, 10_000);
 * ```
 *
 * @module
 */

// 1. The extension point: the CongestionControl interface and RFC 6928's initial window.
export * from "./congestion.ts";
// 2. Reno (RFC 5681): slow start, congestion avoidance, halve on loss.
export * from "./reno.ts";
// 3. CUBIC (RFC 9438): a cubic curve around the window of the last loss.
export * from "./cubic.ts";
// 4. The registry: name → factory.
export * from "./registry.ts";
