/**
 * Quantities: how Kubernetes writes amounts of a resource — "500m" CPU, "2Gi" memory,
 * "1e3" of anything. Ported from apimachinery `pkg/api/resource/quantity.go`
 * (staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go).
 *
 * ```
 *   <quantity> ::= <sign><digits>[.<digits>]<suffix>
 *   <suffix>   ::= Ki | Mi | Gi | Ti | Pi | Ei          binary, powers of 1024  → BinarySI
 *                | n | u | m | "" | k | M | G | T | P | E   powers of 1000     → DecimalSI
 *                | e<int> | E<int>                       10^int               → DecimalExponent
 * ```
 *
 * A quantity is held exactly as an integer count of nano-units (bigint); finer digits are
 * rounded up, as upstream does. `formatQuantity` writes the canonical form: no fractional
 * digits, the largest suffix that loses nothing, in the format the text was written in
 * ("1.5Gi" → "1536Mi", "0.1" → "100m"). Schedulers read CPU in millicores
 * (`MilliValue()`, rounded up) and everything else in whole units (`Value()`, rounded up).
 *
 * @module
 */

/**
 * The three ways a quantity can be written (quantity.go `Format`).
 *
 * @example
 * ```ts
 * import type { QuantityFormat } from "./quantity.ts";
 * const format: QuantityFormat = "BinarySI"; // "128Mi"
 * ```
 */
export type QuantityFormat = "BinarySI" | "DecimalSI" | "DecimalExponent";

/**
 * A parsed quantity: an exact count of nano-units and the format it was written in.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseQuantity } from "./quantity.ts";
 * const q = parseQuantity("1.5Gi");
 * assert.equal(q.nanos, 1536n * 1024n * 1024n * 1_000_000_000n);
 * assert.equal(q.format, "BinarySI");
 * ```
 */
export interface Quantity {
  /** Value × 10⁹, exact. */
  readonly nanos: bigint;
  /** How it was written; canonical output keeps the family. */
  readonly format: QuantityFormat;
}

const BINARY: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  "": 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_SUFFIXES = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
const DECIMAL_SUFFIXES = new Map(Object.entries(DECIMAL).map(([suffix, exp]) => [exp, suffix]));
/** quantity.go: `splitREString`, the shape every quantity must have. */
const SHAPE = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/;

const pow10 = (n: number) => 10n ** BigInt(n);
/** ⌈a / b⌉ for a ≥ 0, b > 0. */
const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

/**
 * Parse a quantity; throws a SyntaxError naming the text and, when it is the problem, the
 * suffix. Numbers are accepted too (a YAML `cpu: 2`).
 *
 * ```
 *   nanos = ⌈ digits × multiplier × 10⁹ / 10^(fraction digits) ⌉
 *   multiplier = 1024^k (binary) · 10^e (decimal suffix or exponent)
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatQuantity, parseQuantity } from "./quantity.ts";
 * assert.equal(formatQuantity(parseQuantity("0.1")), "100m");
 * assert.throws(() => parseQuantity("2GB"), /unknown suffix "GB"/);
 * ```
 */
export function parseQuantity(text: string | number): Quantity {
  const source = typeof text === "number" ? numberText(text) : text;
  const fail = (why: string): never => {
    throw new SyntaxError(
      `cannot parse quantity '${source}': ${why}; write digits with an optional suffix, ` +
        `e.g. "500m", "2", "1.5Gi", "128Mi", "1e3" (quantity.go: ^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$)`,
    );
  };
  if (typeof source !== "string") return fail("it is not text or a number");
  if (source.trim() !== source) return fail("it has spaces around it");
  const match = SHAPE.exec(source);
  if (!match) return fail("it does not look like a number");
  const [, sign, whole, fraction = "", suffix] = match;
  if (whole === "" && fraction === "") return fail("there are no digits");
  const digits = BigInt(whole + fraction || "0");
  let format: QuantityFormat;
  let magnitude: bigint;
  if (suffix in BINARY) {
    format = "BinarySI";
    const scaled = digits * 1024n ** BigInt(BINARY[suffix]) * pow10(9);
    magnitude = ceilDiv(scaled, pow10(fraction.length));
  } else {
    let exponent: number;
    if (suffix in DECIMAL) {
      format = "DecimalSI";
      exponent = DECIMAL[suffix];
    } else if (/^[eE][+-]?[0-9]+$/.test(suffix)) {
      format = "DecimalExponent";
      exponent = Number(suffix.slice(1));
      if (Math.abs(exponent) > 30) fail(`exponent ${exponent} is out of range`);
    } else {
      return fail(
        `unknown suffix "${suffix}" (binary: Ki Mi Gi Ti Pi Ei; decimal: n u m k M G T P E; ` +
          `exponent: e3, E-6)`,
      );
    }
    const power = exponent + 9 - fraction.length;
    magnitude = power >= 0 ? digits * pow10(power) : ceilDiv(digits, pow10(-power));
  }
  return { nanos: sign === "-" ? -magnitude : magnitude, format };
}

function numberText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  // Avoid "1e+21" style text for big numbers and keep the digits exact.
  return Math.abs(value) >= 1e21 ? BigInt(Math.round(value)).toString() : String(value)
    .replace(/e\+/, "e");
}

/**
 * The canonical text of a quantity (quantity.go `CanonicalizeBytes`): no fraction, the
 * largest suffix that loses no precision, binary only for whole numbers ≥ 1024.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatQuantity, parseQuantity } from "./quantity.ts";
 * assert.equal(formatQuantity(parseQuantity("1.5Gi")), "1536Mi");
 * assert.equal(formatQuantity(parseQuantity("1000")), "1k");
 * ```
 */
export function formatQuantity(quantity: Quantity): string {
  const { nanos } = quantity;
  if (nanos === 0n) return "0";
  const sign = nanos < 0n ? "-" : "";
  const magnitude = nanos < 0n ? -nanos : nanos;
  let format = quantity.format;
  if (format === "BinarySI") {
    // quantity.go: -1024 < q < 1024, or not a whole number → shown as DecimalSI.
    if (magnitude < 1024n * pow10(9) || magnitude % pow10(9) !== 0n) format = "DecimalSI";
    else {
      let units = magnitude / pow10(9);
      let k = 0;
      while (k < 6 && units % 1024n === 0n) {
        units /= 1024n;
        k++;
      }
      return `${sign}${units}${BINARY_SUFFIXES[k]}`;
    }
  }
  // Largest exponent e (a multiple of 3, -9…18) with nanos divisible by 10^(e+9).
  let exponent = -9;
  let mantissa = magnitude;
  while (exponent < 18 && mantissa % 1000n === 0n) {
    mantissa /= 1000n;
    exponent += 3;
  }
  if (format === "DecimalExponent") {
    return `${sign}${mantissa}${exponent === 0 ? "" : `e${exponent}`}`;
  }
  return `${sign}${mantissa}${DECIMAL_SUFFIXES.get(exponent)}`;
}

/**
 * `MilliValue()`: the quantity in thousandths, rounded up — CPU in millicores.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { milliValue, parseQuantity } from "./quantity.ts";
 * assert.equal(milliValue(parseQuantity("1.5")), 1500);
 * assert.equal(milliValue(parseQuantity("0.1m")), 1); // rounded up
 * ```
 */
export function milliValue(quantity: Quantity): number {
  return Number(signedCeil(quantity.nanos, pow10(6)));
}

/**
 * `Value()`: the quantity in whole units, rounded up — memory in bytes, pods, GPUs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseQuantity, value } from "./quantity.ts";
 * assert.equal(value(parseQuantity("128Mi")), 134217728);
 * ```
 */
export function value(quantity: Quantity): number {
  return Number(signedCeil(quantity.nanos, pow10(9)));
}

function signedCeil(nanos: bigint, unit: bigint): bigint {
  return nanos >= 0n ? ceilDiv(nanos, unit) : -((-nanos) / unit);
}

/**
 * A resource amount from its text in the scheduler's integer unit: millicores for "cpu",
 * whole units for everything else (memory and ephemeral-storage in bytes).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resourceAmount } from "./quantity.ts";
 * assert.equal(resourceAmount("cpu", "250m"), 250);
 * assert.equal(resourceAmount("memory", "1Gi"), 1073741824);
 * ```
 */
export function resourceAmount(resource: string, text: string | number): number {
  const quantity = parseQuantity(text);
  return resource === "cpu" ? milliValue(quantity) : value(quantity);
}

/**
 * Write an amount in the scheduler's unit back as a quantity: "1500m" → "1500m",
 * 2 CPUs → "2", 1073741824 bytes of memory → "1Gi".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatAmount } from "./quantity.ts";
 * assert.equal(formatAmount("cpu", 2000), "2");
 * assert.equal(formatAmount("memory", 3 * 2 ** 30), "3Gi");
 * ```
 */
export function formatAmount(resource: string, amount: number): string {
  const nanos = BigInt(Math.round(amount)) * (resource === "cpu" ? pow10(6) : pow10(9));
  return formatQuantity({ nanos, format: resource === "cpu" ? "DecimalSI" : "BinarySI" });
}
