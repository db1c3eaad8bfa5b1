// Turning a cell value into short display text, shared by table.ts and hexdump.ts.
//
//   null, undefined → ""           number  → 3 decimals at most (1.5, 0.333, 42)
//   bigint → "12"                  tiny or huge numbers → exponent (1.23e-7)
//   Date → ISO 8601                Uint8Array → hex bytes "0a 1b 2c" (first 16)
//   string → itself                anything else → JSON, cut to 60 characters

/** Format a number with at most 3 decimals, or in exponent form when very small or large. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e15) return value.toExponential(2);
  return String(Number(value.toFixed(3)));
}

/** Short display text for any value. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) {
    const hex = [...value.subarray(0, 16)].map((byte) => byte.toString(16).padStart(2, "0"));
    return hex.join(" ") + (value.length > 16 ? ` … (${value.length} bytes)` : "");
  }
  let text: string;
  try {
    text = JSON.stringify(value, (_, inner) => typeof inner === "bigint" ? String(inner) : inner) ??
      String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
