/**
 * Tar: the archive format of every OCI layer (image-spec `layer.md`: "a layer is a tar archive").
 * A tar file is a sequence of 512-byte blocks: for each entry a header block, then its content
 * padded to a whole block; two zero blocks end the archive. This file writes and reads the POSIX
 * `ustar` format (POSIX.1-2001, pax, "ustar Interchange Format") with `pax` extended headers for
 * names longer than 100 bytes. Use `writeTar(entries)` → bytes and `readTar(bytes)` → entries.
 *
 * ```
 *   ustar header (512 bytes)             offset size
 *   name       NUL-terminated path           0  100
 *   mode       octal, e.g. "0000644\0"     100    8
 *   uid / gid  octal                       108  8 + 8
 *   size       octal bytes of content      124   12
 *   mtime      octal seconds since 1970    136   12
 *   chksum     octal, see below            148    8
 *   typeflag   '0' file '2' symlink        156    1
 *              '5' dir '1' hardlink 'x' pax
 *   linkname   symlink/hardlink target     157  100
 *   magic      "ustar\0" version "00"      257  6 + 2
 *   uname / gname                          265 32 + 32
 *   devmajor / devminor                    329  8 + 8
 *   prefix     path prefix                 345  155
 * ```
 *
 * Writing is deterministic: the same entries give the same bytes (mtime, uid, gid, uname and
 * gname are fixed unless given), so the same layer always has the same digest.
 *
 * @module
 */

const BLOCK = 512;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The kinds of entry this model reads and writes.
 *
 * @example
 * ```ts
 * import type { TarEntryType } from "./tar.ts";
 * const kind: TarEntryType = "symlink";
 * ```
 */
export type TarEntryType =
  | "file"
  | "directory"
  | "symlink"
  | "hardlink"
  | "char"
  | "block"
  | "fifo";

/**
 * One tar entry, as written or read. Paths are relative ("etc/os-release"), without a leading
 * "./" or "/" and without a trailing "/".
 *
 * @example
 * ```ts
 * import type { TarEntry } from "./tar.ts";
 * const entry: TarEntry = { path: "etc/hostname", type: "file", mode: 0o644, content: new TextEncoder().encode("box\n") };
 * ```
 */
export interface TarEntry {
  /** Path inside the archive. */
  readonly path: string;
  /** Kind of entry. */
  readonly type: TarEntryType;
  /** Permission bits (the low 12 bits), e.g. 0o755. @default 0o644 for files, 0o755 for directories, 0o777 for symlinks */
  readonly mode?: number;
  /** Owner. @default 0 */
  readonly uid?: number;
  /** Group. @default 0 */
  readonly gid?: number;
  /** Modification time, seconds since 1970. @default 0 (reproducible builds) */
  readonly mtime?: number;
  /** Content of a regular file. @default empty */
  readonly content?: Uint8Array;
  /** Target of a symlink or hardlink. */
  readonly linkname?: string;
  /** Device numbers of a char or block device (overlayfs whiteouts are char 0/0). @default 0 */
  readonly devmajor?: number;
  /** @default 0 */
  readonly devminor?: number;
}

/**
 * Error for an archive that cannot be read; `offset` is the byte where the problem is.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readTar, TarError } from "./tar.ts";
 * assert.throws(() => readTar(new Uint8Array(100)), TarError);
 * ```
 */
export class TarError extends SyntaxError {
  /** Byte offset of the bad block. */
  readonly offset: number;
  /** Builds the error. */
  constructor(message: string, offset: number) {
    super(message);
    this.name = "TarError";
    this.offset = offset;
  }
}

const TYPEFLAG: Record<TarEntryType, string> = {
  file: "0",
  hardlink: "1",
  symlink: "2",
  char: "3",
  block: "4",
  directory: "5",
  fifo: "6",
};
const TYPE_OF_FLAG: Record<string, TarEntryType> = Object.fromEntries(
  Object.entries(TYPEFLAG).map(([type, flag]) => [flag, type as TarEntryType]),
);

/**
 * Normalise a path: no leading "./" or "/", no trailing "/"; "" is the root.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { normalizePath } from "./tar.ts";
 * assert.equal(normalizePath("./etc//ssh/"), "etc/ssh");
 * assert.equal(normalizePath("/"), "");
 * ```
 */
export function normalizePath(path: string): string {
  let p = path.replace(/\/+/g, "/");
  while (p.startsWith("./")) p = p.slice(2);
  p = p.replace(/^\/+/, "").replace(/\/+$/, "");
  return p === "." ? "" : p;
}

/** Write `value` as `width - 1` octal digits and a NUL (ustar numeric field). */
function octal(block: Uint8Array, offset: number, width: number, value: number, name: string) {
  const digits = value.toString(8);
  if (digits.length > width - 1 || value < 0 || !Number.isInteger(value)) {
    throw new RangeError(
      `Cannot write tar header: ${name} ${value} does not fit ${width - 1} octal digits`,
    );
  }
  ascii(block, offset, digits.padStart(width - 1, "0"));
}

/** Write an ASCII string byte by byte (cheaper than a TextEncoder call per field). */
function ascii(block: Uint8Array, offset: number, value: string) {
  for (let i = 0; i < value.length; i++) block[offset + i] = value.charCodeAt(i);
}

function text(block: Uint8Array, offset: number, width: number, value: string) {
  const bytes = encoder.encode(value);
  block.set(bytes.subarray(0, width), offset);
}

/**
 * Header checksum (ustar): the sum of all 512 header bytes as unsigned numbers, with the
 * 8 checksum bytes counted as spaces (0x20); written as 6 octal digits, NUL, space.
 *
 *   chksum = Σ_{i=0}^{511} (148 ≤ i < 156 ? 0x20 : header[i])
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { headerChecksum } from "./tar.ts";
 * assert.equal(headerChecksum(new Uint8Array(512)), 8 * 0x20); // an all-zero block: just the spaces
 * ```
 */
export function headerChecksum(block: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i];
  return sum;
}

function header(
  entry: TarEntry,
  name: string,
  type: string,
  size: number,
  linkname = "",
): Uint8Array {
  const block = new Uint8Array(BLOCK);
  const defaultMode = entry.type === "directory" ? 0o755 : entry.type === "symlink" ? 0o777 : 0o644;
  text(block, 0, 100, name);
  octal(block, 100, 8, (entry.mode ?? defaultMode) & 0o7777, "mode");
  octal(block, 108, 8, entry.uid ?? 0, "uid");
  octal(block, 116, 8, entry.gid ?? 0, "gid");
  octal(block, 124, 12, size, "size");
  octal(block, 136, 12, entry.mtime ?? 0, "mtime");
  ascii(block, 156, type);
  text(block, 157, 100, linkname);
  ascii(block, 257, "ustar\u000000");
  octal(block, 329, 8, entry.devmajor ?? 0, "devmajor");
  octal(block, 337, 8, entry.devminor ?? 0, "devminor");
  ascii(block, 148, headerChecksum(block).toString(8).padStart(6, "0") + "\u0000 ");
  return block;
}

/** One pax record: "<length> <key>=<value>\n", where <length> counts the whole record. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLength = encoder.encode(body).length;
  let length = bodyLength + 1;
  while (bodyLength + String(length).length !== length) length = bodyLength + String(length).length;
  return `${length}${body}`;
}

function padded(content: Uint8Array): Uint8Array[] {
  const rest = content.length % BLOCK;
  return rest === 0 ? [content] : [content, new Uint8Array(BLOCK - rest)];
}

/**
 * Write entries as a ustar archive (pax headers for paths or link targets over 100 bytes),
 * ended by two zero blocks. Directories get a trailing "/". Deterministic.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readTar, writeTar } from "./tar.ts";
 * const bytes = writeTar([{ path: "etc", type: "directory" }, { path: "etc/motd", type: "file", content: new TextEncoder().encode("hi\n") }]);
 * assert.equal(bytes.length, 5 * 512); // 2 headers, 1 content block, 2 zero blocks
 * assert.deepEqual(readTar(bytes).map((e) => e.path), ["etc", "etc/motd"]);
 * ```
 */
export function writeTar(entries: readonly TarEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    if (!(entry.type in TYPEFLAG)) {
      throw new TypeError(
        `Cannot write tar entry ${entry.path}: type ${entry.type} is unknown; use one of ${
          Object.keys(TYPEFLAG).join(", ")
        }`,
      );
    }
    const path = normalizePath(entry.path);
    if (path === "") {
      throw new RangeError(
        `Cannot write tar entry: path ${
          JSON.stringify(entry.path)
        } is the root; give a relative path`,
      );
    }
    const name = entry.type === "directory" ? `${path}/` : path;
    const linkname = entry.linkname ?? "";
    const content = entry.type === "file" ? entry.content ?? new Uint8Array() : new Uint8Array();
    const records = [
      ...(encoder.encode(name).length > 100 ? [paxRecord("path", name)] : []),
      ...(encoder.encode(linkname).length > 100 ? [paxRecord("linkpath", linkname)] : []),
    ];
    if (records.length > 0) {
      const pax = encoder.encode(records.join(""));
      const paxName = `PaxHeaders/${name.slice(-80)}`.slice(0, 99);
      parts.push(header({ path: paxName, type: "file" }, paxName, "x", pax.length), ...padded(pax));
    }
    parts.push(
      header(entry, truncate(name), TYPEFLAG[entry.type], content.length, truncate(linkname)),
    );
    parts.push(...padded(content));
  }
  parts.push(new Uint8Array(2 * BLOCK));
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Keep at most 100 bytes of a name (the pax record carries the full one). */
function truncate(name: string): string {
  const bytes = encoder.encode(name);
  return bytes.length <= 100 ? name : decoder.decode(bytes.subarray(0, 100)).replace(/\uFFFD$/, "");
}

function field(block: Uint8Array, offset: number, width: number): string {
  const bytes = block.subarray(offset, offset + width);
  const end = bytes.indexOf(0);
  return decoder.decode(end === -1 ? bytes : bytes.subarray(0, end));
}

function number(
  block: Uint8Array,
  offset: number,
  width: number,
  name: string,
  at: number,
): number {
  if (block[offset] & 0x80) { // GNU base-256 for large values: big-endian after the marker bit
    let value = block[offset] & 0x7f;
    for (let i = 1; i < width; i++) value = value * 256 + block[offset + i];
    return value;
  }
  const digits = field(block, offset, width).trim();
  if (digits === "") return 0;
  if (!/^[0-7]+$/.test(digits)) {
    throw new TarError(
      `Cannot read tar header at byte ${at}: ${name} ${
        JSON.stringify(digits)
      } is not octal; the archive is corrupt`,
      at,
    );
  }
  return parseInt(digits, 8);
}

function parsePax(bytes: Uint8Array, at: number): Map<string, string> {
  const records = new Map<string, string>();
  let offset = 0;
  while (offset < bytes.length) {
    const space = bytes.indexOf(0x20, offset);
    const length = parseInt(decoder.decode(bytes.subarray(offset, space)), 10);
    if (space === -1 || !(length > 0) || offset + length > bytes.length) {
      throw new TarError(
        `Cannot read pax header at byte ${at}: bad record length; the archive is corrupt`,
        at,
      );
    }
    const record = decoder.decode(bytes.subarray(space + 1, offset + length - 1));
    const equals = record.indexOf("=");
    records.set(record.slice(0, equals), record.slice(equals + 1));
    offset += length;
  }
  return records;
}

/**
 * Read a tar archive (ustar, pax `x`/`g` headers, GNU `L`/`K` long names). Checks each header's
 * checksum and that content is not cut short. Ends at the first zero block.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readTar, writeTar } from "./tar.ts";
 * const long = "a/" + "b".repeat(150);
 * const [entry] = readTar(writeTar([{ path: long, type: "symlink", linkname: "../x" }]));
 * assert.equal(entry.path, long);
 * assert.equal(entry.linkname, "../x");
 * ```
 */
export function readTar(bytes: Uint8Array): TarEntry[] {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(
      `Cannot read tar: bytes must be a Uint8Array (got ${typeof bytes}); pass e.g. image.layers[0].tar`,
    );
  }
  // gzip magic 1f 8b (RFC 1952 §2.3.1): a layer blob as stored, not its tar
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new TarError(
      "Cannot read tar: these bytes are gzip-compressed (they start with 1f 8b); decompress first with gunzipSync from node:zlib, or pass the layer's .tar",
      0,
    );
  }
  const entries: TarEntry[] = [];
  let offset = 0;
  let pax = new Map<string, string>();
  let gnuName: string | undefined;
  let gnuLink: string | undefined;
  while (true) {
    if (offset + BLOCK > bytes.length) {
      throw new TarError(
        `Cannot read tar: archive ends at byte ${bytes.length} inside the header at byte ${offset}; it is truncated (an archive ends with two zero blocks)`,
        offset,
      );
    }
    const block = bytes.subarray(offset, offset + BLOCK);
    if (block.every((b) => b === 0)) break;
    const stored = number(block, 148, 8, "checksum", offset);
    const computed = headerChecksum(block);
    if (stored !== computed) {
      throw new TarError(
        `Cannot read tar header at byte ${offset}: checksum ${stored} does not match the computed ${computed}; the archive is corrupt (or not a tar file)`,
        offset,
      );
    }
    const size = number(block, 124, 12, "size", offset);
    const start = offset + BLOCK;
    if (start + size > bytes.length) {
      throw new TarError(
        `Cannot read tar entry ${
          JSON.stringify(field(block, 0, 100))
        } at byte ${offset}: its ${size} bytes of content run past the end (${bytes.length} bytes); the archive is truncated`,
        offset,
      );
    }
    const content = bytes.slice(start, start + size);
    const flag = String.fromCharCode(block[156] || 0x30);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
    if (flag === "x") {
      pax = parsePax(content, offset);
      continue;
    }
    if (flag === "g") continue; // global pax header: nothing this model needs
    if (flag === "L" || flag === "K") {
      const value = decoder.decode(content).replace(/\0+$/, "");
      if (flag === "L") gnuName = value;
      else gnuLink = value;
      continue;
    }
    const type = flag === "7" ? "file" : TYPE_OF_FLAG[flag];
    if (type === undefined) {
      throw new TarError(
        `Cannot read tar entry at byte ${offset}: type flag ${
          JSON.stringify(flag)
        } is not supported`,
        offset,
      );
    }
    const prefix = field(block, 345, 155);
    const name = pax.get("path") ?? gnuName ??
      (prefix ? `${prefix}/${field(block, 0, 100)}` : field(block, 0, 100));
    const linkname = pax.get("linkpath") ?? gnuLink ?? field(block, 157, 100);
    const entry: TarEntry = {
      path: normalizePath(name),
      type,
      mode: number(block, 100, 8, "mode", offset) & 0o7777,
      uid: pax.has("uid") ? Number(pax.get("uid")) : number(block, 108, 8, "uid", offset),
      gid: pax.has("gid") ? Number(pax.get("gid")) : number(block, 116, 8, "gid", offset),
      mtime: pax.has("mtime")
        ? Math.floor(Number(pax.get("mtime")))
        : number(block, 136, 12, "mtime", offset),
      ...(type === "file" ? { content } : {}),
      ...(type === "symlink" || type === "hardlink"
        ? { linkname: type === "hardlink" ? normalizePath(linkname) : linkname }
        : {}),
      ...(type === "char" || type === "block"
        ? {
          devmajor: number(block, 329, 8, "devmajor", offset),
          devminor: number(block, 337, 8, "devminor", offset),
        }
        : {}),
    };
    entries.push(entry);
    pax = new Map();
    gnuName = gnuLink = undefined;
  }
  return entries;
}
