/**
 * Dissection: read a whole Ethernet frame layer by layer, the way Wireshark's packet
 * details pane does, and say which bytes belong to which field. It recurses
 *
 *     Ethernet → ARP
 *              → IPv4 → ICMP
 *                     → UDP
 *                     → TCP → HTTP (when the payload starts like an HTTP message)
 *
 * and returns both a tree (layer → field → value → byte range `[start, end)`) and the
 * same as flat rows `{layer, field, value, start, end, error}`, so a hexdump can colour
 * bytes by layer and a table can list them. Byte ranges count from the start of the frame.
 *
 * Malformed input never throws: a layer that cannot be read adds an error row (with the
 * typed error's message, pointing at its byte) and dissection stops there; a bad checksum
 * adds an error row and goes on. Checksums are checked, not trusted.
 *
 * Usage: `dissect(frame)`; `formatDissection(dissect(frame))` for a text tree.
 *
 * @module
 */

import { ChecksumError, isWireError, type WireLayer } from "./errors.ts";
import {
  type EthernetRepr,
  EthernetView,
  EtherType,
  formatEthernet,
  parseEthernet,
} from "./ethernet.ts";
import { ArpView, formatArp, parseArp } from "./arp.ts";
import { formatIpv4, IpProtocol, Ipv4View, parseIpv4 } from "./ipv4.ts";
import { formatIcmp, IcmpView, parseIcmp } from "./icmp.ts";
import { formatUdp, parseUdp, UdpView } from "./udp.ts";
import { formatTcp, parseTcp, TcpView } from "./tcp.ts";
import { formatHttp, HttpView, parseHttp } from "./http.ts";
import { hex, type WireField } from "./_bytes.ts";
import type { Ipv4Endpoints } from "./ipv4_address.ts";

export type { WireField } from "./_bytes.ts";

/**
 * A layer's name in a dissection: a protocol, or "Data" for bytes no dissector claims.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const layer: DissectionLayerName = "TCP";
 * assert.equal(layer, "TCP");
 * ```
 */
export type DissectionLayerName = Exclude<WireLayer, "pcap" | "checksum"> | "Data";

/**
 * One layer of the tree.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { emitEthernet } from "./ethernet.ts";
 * const frame = emitEthernet({ destination: "ff:ff:ff:ff:ff:ff", source: "02:00:00:00:00:01", etherType: 0x88cc, payload: new Uint8Array(46) });
 * const layer: DissectionLayer = dissect(frame).layers[0];
 * assert.deepEqual([layer.layer, layer.start, layer.fields.length], ["Ethernet", 0, 3]);
 * ```
 */
export interface DissectionLayer {
  /** Protocol name. */
  readonly layer: DissectionLayerName;
  /** The layer's tcpdump-style line (or the error that stopped it). */
  readonly summary: string;
  /** First byte of the layer's header in the frame. */
  readonly start: number;
  /** One past the layer's last byte (payload included). */
  readonly end: number;
  /** Fields with byte ranges counted from the start of the frame. */
  readonly fields: readonly WireField[];
}

/**
 * One flat row: a field of a layer with its byte range, or an error.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { emitEthernet } from "./ethernet.ts";
 * const frame = emitEthernet({ destination: "ff:ff:ff:ff:ff:ff", source: "02:00:00:00:00:01", etherType: 0x88cc, payload: new Uint8Array(46) });
 * const row: DissectionRow = dissect(frame).rows[1];
 * assert.deepEqual([row.layer, row.field, row.value, row.start, row.end, row.error], ["Ethernet", "source", "02:00:00:00:00:01", 6, 12, false]);
 * ```
 */
export interface DissectionRow {
  /** Protocol name. */
  readonly layer: DissectionLayerName;
  /** Field name, e.g. `"ttl"`, `"flags.syn"`, `"options.mss"`; for errors the failing field. */
  readonly field: string;
  /** Decoded value; for errors the message. */
  readonly value: string | number | boolean;
  /** First byte in the frame. */
  readonly start: number;
  /** One past the last byte. */
  readonly end: number;
  /** Whether this row reports a problem (malformed field or bad checksum). */
  readonly error: boolean;
}

/**
 * The result of {@link dissect}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const result: Dissection = dissect(new Uint8Array(10));
 * assert.equal(result.errors[0].field, "header");
 * assert.equal(result.summary, result.errors[0].value);
 * ```
 */
export interface Dissection {
  /** Layers from the outside in. */
  readonly layers: readonly DissectionLayer[];
  /** Every field and error as a flat row, in frame order per layer. */
  readonly rows: readonly DissectionRow[];
  /** The innermost layer's tcpdump-style line. */
  readonly summary: string;
  /** The error rows alone (empty for a well-formed frame). */
  readonly errors: readonly DissectionRow[];
}

/**
 * Options of {@link dissect}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { emitEthernet } from "./ethernet.ts";
 * const options: DissectOptions = { fcs: true };
 * const frame = emitEthernet({ destination: "ff:ff:ff:ff:ff:ff", source: "02:00:00:00:00:01", etherType: 0x88cc, payload: new Uint8Array(46) }, { fcs: true });
 * assert.deepEqual(dissect(frame, options).errors, []);
 * ```
 */
export interface DissectOptions {
  /** The frame ends in a 4-byte FCS to check. @default false */
  readonly fcs?: boolean;
}

const HTTP_START = /^(?:HTTP\/\d\.\d |[A-Z]+ \S+ HTTP\/)/;

class Builder {
  readonly layers: DissectionLayer[] = [];
  readonly rows: DissectionRow[] = [];
  summary = "";

  constructor(readonly frame: Uint8Array) {}

  layer(
    layer: DissectionLayerName,
    base: number,
    end: number,
    fields: WireField[],
    summary: string,
  ): void {
    const absolute = fields.map((f) => ({ ...f, start: base + f.start, end: base + f.end }));
    this.layers.push({ layer, summary, start: base, end, fields: absolute });
    for (const f of absolute) this.rows.push({ layer, ...f, error: false });
    // Data layers describe leftovers; the frame's summary stays the innermost protocol's line.
    if (summary && layer !== "Data") this.summary = summary;
  }

  field(layer: DissectionLayerName, field: WireField): void {
    const target = this.layers.findLast((l) => l.layer === layer);
    (target?.fields as WireField[] | undefined)?.push(field);
    this.rows.push({ layer, ...field, error: false });
  }

  error(layer: DissectionLayerName, base: number, error: unknown): void {
    if (!isWireError(error)) throw error; // a bug, not bad input: let the tests see it
    const start = Math.min(base + error.offset, this.frame.length);
    const end = Math.min(start + 1, this.frame.length);
    this.rows.push({ layer, field: error.field, value: error.message, start, end, error: true });
    if (!(error instanceof ChecksumError)) this.summary = error.message;
  }

  data(base: number, end: number): void {
    if (end > base) {
      const value = `${end - base} bytes`;
      this.layer(
        "Data",
        base,
        end,
        [{ field: "data", value, start: 0, end: end - base }],
        `Data, ${value}`,
      );
    }
  }
}

/**
 * Dissect an Ethernet frame. Never throws on malformed bytes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // A TCP SYN made with scapy (see dissect_test.ts).
 * const hex = "02000000000202000000000108004500003c00014000400625b90a0000010a000102" +
 *   "a8ca0050000003e800000000a002ffff55c20000020405b40402080a000030390000000001030307";
 * const frame = new Uint8Array(hex.match(/../g)!.map((b) => parseInt(b, 16)));
 * const d = dissect(frame);
 * assert.deepEqual(d.layers.map((l) => l.layer), ["Ethernet", "IPv4", "TCP"]);
 * assert.equal(d.errors.length, 0);
 * const ttl = d.rows.find((r) => r.layer === "IPv4" && r.field === "ttl")!;
 * assert.deepEqual([ttl.value, ttl.start, ttl.end], [64, 22, 23]);
 * assert.match(d.summary, /^IP 10\.0\.0\.1\.43210 > 10\.0\.1\.2\.80: Flags \[S\], seq 1000/);
 * // Cut the frame short: IPv4's total length (60) no longer fits. An error row, no exception.
 * const error = dissect(frame.subarray(0, 40)).errors[0];
 * assert.deepEqual([error.layer, error.field, error.start], ["IPv4", "totalLength", 16]);
 * ```
 */
export function dissect(frame: Uint8Array, options: DissectOptions = {}): Dissection {
  const b = new Builder(frame);
  dissectEthernet(b, frame, options.fcs ?? false);
  const errors = b.rows.filter((row) => row.error);
  return { layers: b.layers, rows: b.rows, summary: b.summary, errors };
}

function dissectEthernet(b: Builder, frame: Uint8Array, fcs: boolean): void {
  const view = new EthernetView(frame);
  let repr: EthernetRepr;
  let badFcs: ChecksumError | undefined;
  try {
    repr = parseEthernet(frame, { fcs });
  } catch (error) {
    if (!(error instanceof ChecksumError)) {
      b.layer("Ethernet", 0, frame.length, view.fields(), "");
      b.error("Ethernet", 0, error);
      return;
    }
    repr = error.repr as EthernetRepr; // the frame is readable, only the FCS is wrong
    badFcs = error;
  }
  b.layer("Ethernet", 0, frame.length, view.fields(), formatEthernet(repr));
  if (badFcs) b.error("Ethernet", 0, badFcs);
  if (fcs) {
    const at = frame.length - 4;
    const value =
      (frame[at] | (frame[at + 1] << 8) | (frame[at + 2] << 16) | (frame[at + 3] << 24)) >>> 0;
    b.field("Ethernet", { field: "fcs", value: hex(value, 8), start: at, end: frame.length });
  }
  const base = 14;
  const payload = repr.payload;
  let used = 0;
  if (repr.etherType === EtherType.Arp) used = dissectArp(b, payload, base);
  else if (repr.etherType === EtherType.Ipv4) used = dissectIpv4(b, payload, base);
  else b.data(base, base + payload.length);
  if (used > 0 && used < payload.length) {
    b.field("Ethernet", {
      field: "padding",
      value: `${payload.length - used} bytes`,
      start: base + used,
      end: base + payload.length,
    });
  }
}

/** Returns the bytes the ARP packet used (0 if unreadable). */
function dissectArp(b: Builder, bytes: Uint8Array, base: number): number {
  const fields = new ArpView(bytes).fields();
  try {
    const repr = parseArp(bytes);
    b.layer("ARP", base, base + 28, fields, formatArp(repr));
    return 28;
  } catch (error) {
    b.layer("ARP", base, base + bytes.length, fields, "");
    b.error("ARP", base, error);
    return 0;
  }
}

/** Returns the IPv4 total length (0 if unreadable). */
function dissectIpv4(b: Builder, bytes: Uint8Array, base: number): number {
  const view = new Ipv4View(bytes);
  let repr;
  try {
    repr = parseIpv4(bytes, { verifyChecksum: false });
  } catch (error) {
    b.layer("IPv4", base, base + bytes.length, view.fields(), "");
    b.error("IPv4", base, error);
    return 0;
  }
  const headerLength = view.headerLength;
  const totalLength = view.totalLength;
  b.layer("IPv4", base, base + totalLength, view.fields(), formatIpv4(repr));
  if (!view.verifyChecksum()) {
    b.error(
      "IPv4",
      base,
      new ChecksumError({
        layer: "IPv4",
        field: "checksum",
        offset: 10,
        found: view.checksum,
        expected: view.computeChecksum(),
        repr,
        view,
      }),
    );
  }
  const inner = base + headerLength;
  if (repr.moreFragments || repr.fragmentOffset > 0) {
    const value = `${repr.payload.length} bytes at offset ${repr.fragmentOffset * 8}`;
    const fields = [{ field: "fragment", value, start: 0, end: repr.payload.length }];
    b.layer("Data", inner, base + totalLength, fields, `Fragment, ${value}`);
    return totalLength;
  }
  const endpoints = { source: repr.source, destination: repr.destination };
  switch (repr.protocol) {
    case IpProtocol.Icmp:
      dissectIcmp(b, repr.payload, inner, endpoints);
      break;
    case IpProtocol.Udp:
      dissectUdp(b, repr.payload, inner, endpoints);
      break;
    case IpProtocol.Tcp:
      dissectTcp(b, repr.payload, inner, endpoints);
      break;
    default:
      b.data(inner, base + totalLength);
  }
  return totalLength;
}

function checksumRow(
  b: Builder,
  layer: DissectionLayerName,
  base: number,
  found: number,
  expected: number,
  repr: unknown,
  view: unknown,
) {
  b.error(
    layer,
    base,
    new ChecksumError({
      layer: layer as WireLayer,
      field: "checksum",
      offset: layer === "TCP" ? 16 : layer === "UDP" ? 6 : 2,
      found,
      expected,
      repr,
      view,
    }),
  );
}

function dissectIcmp(b: Builder, bytes: Uint8Array, base: number, endpoints: Ipv4Endpoints): void {
  const view = new IcmpView(bytes);
  try {
    const repr = parseIcmp(bytes, { verifyChecksum: false });
    b.layer("ICMP", base, base + bytes.length, view.fields(), formatIcmp(repr, endpoints));
    if (!view.verifyChecksum()) {
      checksumRow(b, "ICMP", base, view.checksum, view.computeChecksum(), repr, view);
    }
  } catch (error) {
    b.layer("ICMP", base, base + bytes.length, view.fields(), "");
    b.error("ICMP", base, error);
  }
}

function dissectUdp(b: Builder, bytes: Uint8Array, base: number, endpoints: Ipv4Endpoints): void {
  const view = new UdpView(bytes);
  let repr;
  try {
    repr = parseUdp(bytes, { verifyChecksum: false });
  } catch (error) {
    b.layer("UDP", base, base + bytes.length, view.fields(), "");
    b.error("UDP", base, error);
    return;
  }
  b.layer("UDP", base, base + view.length, view.fields(), formatUdp(repr, endpoints));
  if (!view.verifyChecksum(endpoints)) {
    checksumRow(b, "UDP", base, view.checksum, view.computeChecksum(endpoints), repr, view);
  }
  b.data(base + 8, base + view.length);
}

function dissectTcp(b: Builder, bytes: Uint8Array, base: number, endpoints: Ipv4Endpoints): void {
  const view = new TcpView(bytes);
  let repr;
  try {
    repr = parseTcp(bytes, { verifyChecksum: false });
  } catch (error) {
    b.layer("TCP", base, base + bytes.length, view.fields(), "");
    b.error("TCP", base, error);
    return;
  }
  const line = formatTcp(repr, endpoints);
  b.layer("TCP", base, base + bytes.length, view.fields(), line);
  if (!view.verifyChecksum(endpoints)) {
    checksumRow(b, "TCP", base, view.checksum, view.computeChecksum(endpoints), repr, view);
  }
  const inner = base + view.headerLength;
  const payload = repr.payload;
  if (payload.length === 0) return;
  const head = String.fromCharCode(...payload.subarray(0, 24));
  if (!HTTP_START.test(head)) {
    b.data(inner, inner + payload.length);
    return;
  }
  const httpView = new HttpView(payload);
  try {
    const message = parseHttp(payload);
    b.layer(
      "HTTP",
      inner,
      inner + payload.length,
      httpView.fields(),
      `${line}: ${formatHttp(message)}`,
    );
  } catch (error) {
    b.layer("HTTP", inner, inner + payload.length, httpView.fields(), "");
    b.error("HTTP", inner, error);
  }
}

/**
 * The dissection as an indented text tree, one line per layer and field, like
 * `tshark -V`: `name  value  [start, end)`; errors start with `!`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const hex = "ffffffffffff020000000001080600010800060400010200000000010a0000010000000000000a000002";
 * const frame = new Uint8Array(hex.match(/../g)!.map((b) => parseInt(b, 16)));
 * const text = formatDissection(dissect(frame));
 * assert.match(text, /^Ethernet: ff:ff:ff:ff:ff:ff|^Ethernet: 02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff/);
 * assert.match(text, /\n {2}operation = request \(1\) {2}\[20, 22\)/);
 * ```
 */
export function formatDissection(dissection: Dissection): string {
  const lines: string[] = [];
  for (const layer of dissection.layers) {
    lines.push(`${layer.layer}: ${layer.summary || "(malformed)"}  [${layer.start}, ${layer.end})`);
    for (const f of layer.fields) lines.push(`  ${f.field} = ${f.value}  [${f.start}, ${f.end})`);
    for (const e of dissection.errors) {
      if (e.layer === layer.layer) lines.push(`  ! ${e.value}  [${e.start}, ${e.end})`);
    }
  }
  return lines.join("\n");
}
