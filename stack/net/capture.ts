/**
 * Packet capture: `tcpdump -i <iface> -w file.pcap` for the simulated network. A capture
 * taps one or more interfaces and keeps a copy of every frame that crosses them, with
 * its simulated time; it gives them back as
 *
 * - trace rows `{t, node, iface, dir, summary, bytes}` for a table or a chart, the summary
 *   being the tcpdump-style line of `stack/wire`'s dissector, and
 * - pcap bytes (libpcap format, linktype 1 Ethernet, nanosecond timestamps) that Wireshark
 *   and `tshark -r` open as they would a real capture.
 *
 * Timestamps are simulated nanoseconds since `epoch` (default 0, i.e. 1970-01-01T00:00Z in
 * a pcap reader). Capturing costs the model nothing: taps observe, they do not delay.
 *
 * @example Capture a ping and write it to a pcap
 * ```ts
 * import assert from "node:assert/strict";
 * import { seconds } from "../../src/sim/mod.ts";
 * import { parsePcap } from "../wire/pcap.ts";
 * import { capture, network, ping } from "./mod.ts";
 * const net = network({ seed: 1 });
 * const a = net.addHost("a");
 * const b = net.addHost("b");
 * net.connect(a, b, { addresses: ["10.0.0.1/24", "10.0.0.2/24"] });
 * const cap = capture(net.sim, a.interfaces, { direction: "in" });
 * ping(a, "10.0.0.2", { count: 1 });
 * net.run({ until: seconds(1) }); // (b re-checks a's MAC by ARP 5 s later)
 * assert.deepEqual(cap.rows.column("summary"), [
 *   "ARP, Reply 10.0.0.2 is-at 02:00:00:00:00:02, length 28",
 *   "IP 10.0.0.2 > 10.0.0.1: ICMP echo reply, id 1, seq 1, length 64",
 * ]);
 * assert.equal(parsePcap(cap.pcap()).records.length, 2);
 * ```
 *
 * @module
 */

import { type Simulation, type Time, Trace } from "../../src/sim/mod.ts";
import { dissect } from "../wire/dissect.ts";
import { emitPcap } from "../wire/pcap.ts";
import type { FrameDirection, Interface } from "../iface/mod.ts";
import { parseOptions, z } from "@src/options/mod.ts";

/**
 * One captured frame as a flat row.
 *
 * @example
 * ```ts
 * const row: CaptureRow = { t: 0, node: "a", iface: "eth0", dir: "out", summary: "ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28", bytes: 60 };
 * ```
 */
export interface CaptureRow {
  /** Simulated time, ns. */
  readonly t: Time;
  /** Node of the interface. */
  readonly node: string;
  /** Interface name. */
  readonly iface: string;
  /** Direction across the interface. */
  readonly dir: FrameDirection;
  /** tcpdump-style line of the innermost layer. */
  readonly summary: string;
  /** Frame length. */
  readonly bytes: number;
}

/**
 * Options of {@linkcode capture}.
 *
 * @example
 * ```ts
 * const options: CaptureOptions = { direction: "in", epoch: 1_700_000_000_000_000_000 };
 * ```
 */
export interface CaptureOptions {
  /**
   * Which frames to keep: received, sent, or both.
   *
   * @default {"both"}
   */
  direction?: FrameDirection | "both";
  /**
   * Wall-clock time of simulated time 0 for the pcap, ns since the Unix epoch.
   *
   * @default {0}
   */
  epoch?: number;
}

const captureSchema = z.strictObject({
  direction: z.enum(["in", "out", "both"]).optional(),
  epoch: z.number().int().min(0).optional(),
});

/**
 * A running capture; see the module comment.
 *
 * @example Stop capturing
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "../../src/sim/mod.ts";
 * import { Interface, newFrameMeta } from "../iface/mod.ts";
 * const sim = new Simulation();
 * const nic = new Interface({ name: "eth0", node: "a", mac: "02:00:00:00:00:01" });
 * const cap = capture(sim, nic);
 * nic.send(new Uint8Array(60), newFrameMeta(0, 0));
 * cap.stop();
 * nic.send(new Uint8Array(60), newFrameMeta(0, 0));
 * assert.equal(cap.rows.length, 1);
 * ```
 */
export class Capture {
  /** One row per captured frame. */
  readonly rows: Trace<CaptureRow> = new Trace<CaptureRow>();
  /** The captured frames (copies) with their times, in capture order. */
  readonly frames: { readonly t: Time; readonly data: Uint8Array }[] = [];
  /** Wall-clock ns of simulated time 0. */
  readonly epoch: number;
  #untaps: (() => void)[] = [];

  /** Made by {@linkcode capture}. */
  constructor(
    sim: Simulation,
    interfaces: readonly Interface[],
    options: { direction: FrameDirection | "both"; epoch: number },
  ) {
    this.epoch = options.epoch;
    for (const nic of interfaces) {
      this.#untaps.push(nic.tap((frame, direction, _meta, iface) => {
        if (options.direction !== "both" && direction !== options.direction) return;
        const data = frame.slice();
        this.frames.push({ t: sim.now, data });
        this.rows.push({
          t: sim.now,
          node: iface.node,
          iface: iface.name,
          dir: direction,
          summary: dissect(data).summary,
          bytes: data.length,
        });
      }));
    }
  }

  /**
   * The capture as a pcap file (nanosecond timestamps, Ethernet).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Simulation } from "../../src/sim/mod.ts";
   * const cap = capture(new Simulation(), []);
   * assert.equal(cap.pcap().length, 24); // just the file header
   * ```
   */
  pcap(): Uint8Array {
    return emitPcap(
      this.frames.map((frame) => ({
        timestampNs: BigInt(this.epoch) + BigInt(frame.t),
        data: frame.data,
      })),
      { precision: "nanosecond" },
    );
  }

  /**
   * Remove the taps; rows and frames stay.
   *
   * @example
   * ```ts
   * import { Simulation } from "../../src/sim/mod.ts";
   * capture(new Simulation(), []).stop();
   * ```
   */
  stop(): void {
    for (const untap of this.#untaps) untap();
    this.#untaps = [];
  }
}

/**
 * Start capturing on one interface or several (e.g. `host.interfaces`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Simulation } from "../../src/sim/mod.ts";
 * assert.throws(() => capture(new Simulation(), [], { direction: "sideways" as "in" }), /direction/);
 * ```
 */
export function capture(
  sim: Simulation,
  interfaces: Interface | readonly Interface[],
  options: CaptureOptions = {},
): Capture {
  const parsed = parseOptions(captureSchema, options, "start a capture");
  const list = Array.isArray(interfaces) ? interfaces : [interfaces as Interface];
  return new Capture(sim, list, {
    direction: parsed.direction ?? "both",
    epoch: parsed.epoch ?? 0,
  });
}
