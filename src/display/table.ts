// A table of rows for a notebook: the tidy rows that models emit ({t, host, bytes})
// shown as an HTML table in Jupyter and as aligned columns everywhere else.
//
//   table([{host: "a", bytes: 120}, {host: "b", bytes: 4}])
//
//   text/plain            text/html
//   host  bytes           <table><thead><tr><th>host</th><th>bytes</th>…
//   ----  -----           (inline styles only: survives classic Notebook's sanitiser
//   a       120            for untrusted notebooks, which drops <style> elements)
//   b         4
//
// Numbers (and bigints) are right-aligned, everything else left-aligned; every cell is
// escaped. Long tables show their first `maxRows` rows and say how many were left out.

import { escapeMarkup } from "./_escape.ts";
import { formatValue } from "./_format.ts";
import { parseOptions, z } from "../options/mod.ts";
import { MimeOutput } from "./mime.ts";

/**
 * Formats a cell of one column; receives the value and its whole row.
 *
 * @example
 * ```ts
 * import type { CellFormat } from "./table.ts";
 * const kilobytes: CellFormat = (value) => `${(Number(value) / 1024).toFixed(1)} KiB`;
 * ```
 */
export type CellFormat = (value: unknown, row: Readonly<Record<string, unknown>>) => string;

/**
 * Options for {@linkcode table}.
 *
 * @example
 * ```ts
 * import { table, type TableOptions } from "./table.ts";
 * const options: TableOptions = { columns: ["host"], maxRows: 10, caption: "Hosts" };
 * table([{ host: "a", bytes: 1 }], options);
 * ```
 */
export interface TableOptions {
  /**
   * Columns to show, in order.
   * @default {every key of the rows, in order of first appearance}
   */
  columns?: string[];
  /**
   * Per-column cell formatters, e.g. `{bytes: (v) => `${v} B`}`.
   * @default {numbers with at most 3 decimals, strings as-is, other values as JSON}
   */
  format?: Record<string, CellFormat>;
  /**
   * Per-column alignment.
   * @default {"right" for columns whose values are all numbers, else "left"}
   */
  align?: Record<string, "left" | "right">;
  /**
   * Rows shown before the table is cut short.
   * @default {50}
   */
  maxRows?: number;
  /**
   * A caption shown above the table.
   * @default {no caption}
   */
  caption?: string;
}

const schema = z.object({
  columns: z.array(z.string()).optional(),
  format: z.record(
    z.string(),
    z.custom<CellFormat>((value) => typeof value === "function", { message: "must be a function" }),
  ).default({}),
  align: z.record(z.string(), z.enum(["left", "right"])).default({}),
  maxRows: z.number().int().min(1).default(50),
  caption: z.string().optional(),
}).strict();

/**
 * Show rows as a table: HTML in Jupyter, aligned text elsewhere.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { table } from "./table.ts";
 * const out = table([{ host: "a", bytes: 120 }, { host: "b", bytes: 4 }]);
 * assert.deepEqual(String(out), "host  bytes\n----  -----\na       120\nb         4");
 * ```
 */
export function table(
  rows: readonly Readonly<Record<string, unknown>>[],
  options: TableOptions = {},
): MimeOutput {
  if (!Array.isArray(rows)) {
    throw new TypeError(
      `Cannot build the table: rows must be an array of objects (got ${typeof rows}); ` +
        `pass e.g. [{host: "a", bytes: 120}]`,
    );
  }
  const badRow = rows.findIndex((row) => row === null || typeof row !== "object");
  if (badRow >= 0) {
    throw new TypeError(
      `Cannot build the table: rows[${badRow}] is ${
        JSON.stringify(rows[badRow])
      }, not an object; ` +
        `every row must be an object like {host: "a", bytes: 120}`,
    );
  }
  const parsed = parseOptions(schema, options, "build the table");
  const known = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const columns = parsed.columns ?? known;
  const missing = columns.find((column) => rows.length > 0 && !known.includes(column));
  if (missing !== undefined) {
    throw new RangeError(
      `Cannot build the table: option columns names "${missing}", which no row has; ` +
        `use one of ${JSON.stringify(known)}`,
    );
  }
  const shown = rows.slice(0, parsed.maxRows);
  const cells = shown.map((row) =>
    columns.map((column) => {
      const format = parsed.format[column];
      return format ? String(format(row[column], row)) : formatValue(row[column]);
    })
  );
  const align = columns.map((column) =>
    parsed.align[column] ??
      (shown.length > 0 && shown.every((row) => isNumeric(row[column])) ? "right" : "left")
  );
  const hidden = rows.length - shown.length;
  const note = hidden > 0
    ? `… ${hidden} more row${hidden === 1 ? "" : "s"} (${rows.length} in all)`
    : "";
  return new MimeOutput({
    "text/html": html(columns, cells, align, parsed.caption, note),
    "text/plain": plain(columns, cells, align, parsed.caption, note),
  });
}

function isNumeric(value: unknown): boolean {
  return typeof value === "number" || typeof value === "bigint" || value == null;
}

function plain(
  columns: string[],
  cells: string[][],
  align: string[],
  caption: string | undefined,
  note: string,
): string {
  const clean = (text: string) => text.replace(/\r?\n/g, "⏎").replace(/\t/g, " ");
  const body = cells.map((row) => row.map(clean));
  const widths = columns.map((column, i) =>
    Math.max(column.length, ...body.map((row) => [...row[i]].length))
  );
  const pad = (text: string, i: number) => {
    const fill = " ".repeat(widths[i] - [...text].length);
    return align[i] === "right" ? fill + text : text + fill;
  };
  const line = (row: string[]) => row.map(pad).join("  ").trimEnd();
  const lines = [
    line(columns),
    widths.map((width) => "-".repeat(width)).join("  "),
    ...body.map(line),
  ];
  if (caption) lines.unshift(caption);
  if (note) lines.push(note);
  return lines.join("\n");
}

function html(
  columns: string[],
  cells: string[][],
  align: string[],
  caption: string | undefined,
  note: string,
): string {
  const cell = (tag: string, text: string, i: number) =>
    `<${tag} style="text-align:${align[i]};padding:2px 8px;` +
    (tag === "th"
      ? "border-bottom:1px solid #888;font-weight:600"
      : "border-bottom:1px solid #eee") +
    `">${escapeMarkup(text)}</${tag}>`;
  const head = `<tr>${columns.map((column, i) => cell("th", column, i)).join("")}</tr>`;
  const body = cells.map((row) => `<tr>${row.map((text, i) => cell("td", text, i)).join("")}</tr>`);
  return `<table style="border-collapse:collapse;font-size:12px;` +
    `font-variant-numeric:tabular-nums">` +
    (caption
      ? `<caption style="text-align:left;font-weight:600">${escapeMarkup(caption)}</caption>`
      : "") +
    `<thead>${head}</thead><tbody>${body.join("")}</tbody></table>` +
    (note ? `<div style="font-size:11px;opacity:0.7">${escapeMarkup(note)}</div>` : "");
}
