/**
 * CNI errors: what a plugin prints on stdout (and exits non-zero) when an operation fails.
 *
 * SPEC.md 1.1.0 §5 "Result Types" → "Error" and "Well-known Error Codes": codes 0–99 are
 * reserved for the spec, 100+ are plugin-specific. libcni's `pkg/skel` and `pkg/types` add
 * 999 (`ErrInternal`) for any plain Go error, which is what the real host-local prints for
 * "no IP addresses available".
 *
 * ```
 * { "cniVersion": "1.1.0", "code": 7, "msg": "invalid network config", "details": "..." }
 * ```
 *
 * Plug-ins never throw for "it did not work": they return a `CniOutcome` whose `error` is one
 * of these objects, so a runtime and a notebook can print, compare and chart them.
 *
 * @module
 */

/**
 * The spec's well-known error codes (SPEC.md 1.1.0 "Well-known Error Codes") plus libcni's 999.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CNI_ERROR_CODES } from "./errors.ts";
 * assert.equal(CNI_ERROR_CODES.INVALID_NETWORK_CONFIG, 7);
 * assert.equal(CNI_ERROR_CODES.TRY_AGAIN_LATER, 11);
 * ```
 */
export const CNI_ERROR_CODES = {
  /** 1: Incompatible CNI version. */
  INCOMPATIBLE_VERSION: 1,
  /** 2: Unsupported field in network configuration (the msg names key and value). */
  UNSUPPORTED_FIELD: 2,
  /** 3: Container unknown or does not exist (a DEL for it should still succeed). */
  UNKNOWN_CONTAINER: 3,
  /** 4: Invalid necessary environment variables, like CNI_COMMAND or CNI_CONTAINERID. */
  INVALID_ENVIRONMENT: 4,
  /** 5: I/O failure, e.g. failed to read the network config bytes from stdin. */
  IO_FAILURE: 5,
  /** 6: Failed to decode content, e.g. failed to unmarshal the network config. */
  DECODE_FAILURE: 6,
  /** 7: Invalid network config: a required field is missing or a value is wrong. */
  INVALID_NETWORK_CONFIG: 7,
  /** 11: Try again later: a transient condition; the runtime should retry. */
  TRY_AGAIN_LATER: 11,
  /** 50: STATUS: the plugin is not available (cannot service ADD requests). */
  PLUGIN_NOT_AVAILABLE: 50,
  /** 51: STATUS: not available, and existing containers may have limited connectivity. */
  LIMITED_CONNECTIVITY: 51,
  /** 999: libcni `types.ErrInternal`, wrapped around any plain Go error by `pkg/skel`. */
  INTERNAL: 999,
} as const;

/**
 * A CNI error object as printed on stdout (SPEC.md 1.1.0 §5 "Error").
 *
 * @example
 * ```ts
 * import type { CniError } from "./errors.ts";
 * const error: CniError = { code: 999, msg: "no IP addresses available in range set: 10.22.0.1-10.22.0.30" };
 * ```
 */
export interface CniError {
  /** The spec version of this output; the runtime may leave it empty for env errors. */
  readonly cniVersion?: string;
  /** A well-known code from `CNI_ERROR_CODES` or a plugin-specific one (≥ 100). */
  readonly code: number;
  /** A short message describing the error. */
  readonly msg: string;
  /** A longer message with details, if any. */
  readonly details?: string;
}

/**
 * Build a CNI error object, leaving out empty optional fields (as Go's `omitempty` does).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cniError, CNI_ERROR_CODES } from "./errors.ts";
 * assert.deepEqual(cniError(CNI_ERROR_CODES.DECODE_FAILURE, "bad json"), { code: 6, msg: "bad json" });
 * ```
 */
export function cniError(
  code: number,
  msg: string,
  options: { details?: string; cniVersion?: string } = {},
): CniError {
  return {
    ...(options.cniVersion ? { cniVersion: options.cniVersion } : {}),
    code,
    msg,
    ...(options.details ? { details: options.details } : {}),
  };
}

/**
 * The name of a well-known code (`7` → `"INVALID_NETWORK_CONFIG"`), or `"PLUGIN_SPECIFIC"`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cniErrorName } from "./errors.ts";
 * assert.equal(cniErrorName(11), "TRY_AGAIN_LATER");
 * assert.equal(cniErrorName(123), "PLUGIN_SPECIFIC");
 * ```
 */
export function cniErrorName(code: number): string {
  for (const [name, value] of Object.entries(CNI_ERROR_CODES)) if (value === code) return name;
  return "PLUGIN_SPECIFIC";
}
