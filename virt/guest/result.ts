/**
 * What the guest can be seen to have done, read after it halts: the registers, the
 * RESULT block, the disk contents and the frames it sent. Everything here must be
 * identical whichever mode ran the guest — that is what "a faithful virtual machine"
 * means (Popek & Goldberg's *equivalence* property).
 *
 * Interrupt counts are left out on purpose: the legacy drivers poll and take none,
 * the virtio drivers take one per batch.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fnv1a32 } from "@virt/guest/result.ts";
 * assert.equal(fnv1a32(new TextEncoder().encode("a")), "e40c292c"); // FNV-1a 32 test vector
 * ```
 *
 * @module
 */

import type { Platform } from "../devices/platform.ts";
import { kernelProgram } from "./workloads.ts";

/**
 * The guest-visible result.
 *
 * @example
 * ```ts
 * import type { GuestResult } from "@virt/guest/result.ts";
 * const none: GuestResult = {
 *   registers: [0, 0, 0, 0, 0, 0, 0, 0], hash: 0, diskChecksum: 0, packetsSent: 0, errors: 0,
 *   fault: 0, diskDigest: "811c9dc5", frames: 0, framesDigest: "811c9dc5",
 * };
 * ```
 */
export interface GuestResult {
  /** r0–r7 at the final HLT, unsigned. */
  readonly registers: readonly number[];
  /** RESULT.hash: the compute workload's value. */
  readonly hash: number;
  /** RESULT.disk checksum over the sectors read back. */
  readonly diskChecksum: number;
  /** RESULT.packets sent, as counted by the guest. */
  readonly packetsSent: number;
  /** RESULT.errors: failed disk commands. */
  readonly errors: number;
  /** RESULT.fault: 1 + vector of an unexpected trap, 0 if none. */
  readonly fault: number;
  /** FNV-1a 32 of the whole disk, hex. */
  readonly diskDigest: string;
  /** Frames the NIC sent. */
  readonly frames: number;
  /** FNV-1a 32 over the frames (each prefixed by its length), hex. */
  readonly framesDigest: string;
}

/**
 * FNV-1a, 32-bit (Fowler, Noll, Vo), as 8 hex digits; continue a running hash with `seed`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fnv1a32 } from "@virt/guest/result.ts";
 * assert.equal(fnv1a32(new Uint8Array(0)), "811c9dc5");
 * ```
 */
export function fnv1a32(bytes: Uint8Array, seed = 0x811c9dc5): string {
  let hash = seed >>> 0;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, "0");
}

/**
 * Read the guest-visible result off a board whose guest has run.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createPlatform } from "@virt/devices/platform.ts";
 * import { readGuestResult } from "@virt/guest/result.ts";
 * const result = readGuestResult(createPlatform(new Uint8Array(0)));
 * assert.equal(result.frames, 0);
 * ```
 */
export function readGuestResult(platform: Platform): GuestResult {
  const { machine } = platform;
  const base = kernelProgram().symbols.get("result")!;
  const word = (offset: number) => machine.ram32[(base + offset) >> 2] >>> 0;
  let framesHash = 0x811c9dc5;
  for (const frame of platform.frames()) {
    framesHash = parseInt(
      fnv1a32(new Uint8Array([frame.length & 0xff, frame.length >> 8]), framesHash),
      16,
    );
    framesHash = parseInt(fnv1a32(frame, framesHash), 16);
  }
  return {
    registers: Array.from(machine.regs.subarray(0, 8), (value) => value >>> 0),
    hash: word(0),
    diskChecksum: word(4),
    packetsSent: word(8),
    errors: word(16),
    fault: word(20),
    diskDigest: fnv1a32(platform.disk),
    frames: platform.frames().length,
    framesDigest: framesHash.toString(16).padStart(8, "0"),
  };
}
