/**
 * CSI results: every RPC answers with a gRPC status code; the spec says, per call, which code
 * means what ("CreateVolume Errors", "ControllerPublishVolume Errors", … in spec.md). Here an
 * RPC returns a plain object instead of throwing, so callers can branch, print and chart:
 *
 * ```
 * { code: "OK", value: { volume: {...} } }
 * { code: "ALREADY_EXISTS", message: "Volume already exists but is incompatible: pvc-1 has 1 GiB, asked for 2 GiB" }
 * ```
 *
 * Codes and numbers: grpc/grpc `doc/statuscodes.md`; spec.md "Error Scheme" (the plugin MUST
 * return a non-OK gRPC code, and a message a human can read).
 *
 * @module
 */

/**
 * gRPC status codes by name (grpc `doc/statuscodes.md`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { GRPC_CODES } from "./status.ts";
 * assert.equal(GRPC_CODES.RESOURCE_EXHAUSTED, 8); // spec.md "Max volumes attached"
 * ```
 */
export const GRPC_CODES = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;

/**
 * A gRPC status code name.
 *
 * @example
 * ```ts
 * import type { GrpcCode } from "./status.ts";
 * const code: GrpcCode = "FAILED_PRECONDITION";
 * ```
 */
export type GrpcCode = keyof typeof GRPC_CODES;

/**
 * The outcome of one CSI call: OK with a response, or an error code with a message.
 *
 * @example
 * ```ts
 * import type { CsiResult } from "./status.ts";
 * const missing: CsiResult<never> = { code: "NOT_FOUND", message: "Volume does not exist: netblock-9" };
 * ```
 */
export type CsiResult<T> =
  | { readonly code: "OK"; readonly value: T }
  | { readonly code: Exclude<GrpcCode, "OK">; readonly message: string };

/**
 * A successful result.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { csiOk } from "./status.ts";
 * assert.deepEqual(csiOk({ ready: true }), { code: "OK", value: { ready: true } });
 * ```
 */
export function csiOk<T>(value: T): CsiResult<T> {
  return { code: "OK", value };
}

/**
 * A failed result with the spec's condition name first, then details.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { csiError } from "./status.ts";
 * assert.equal(csiError("NOT_FOUND", "Volume does not exist", "vol-9").code, "NOT_FOUND");
 * ```
 */
export function csiError<T = never>(
  code: Exclude<GrpcCode, "OK">,
  condition: string,
  details?: string,
): CsiResult<T> {
  return { code, message: details ? `${condition}: ${details}` : condition };
}
