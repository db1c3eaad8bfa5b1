/**
 * A register-level network card in the style of the NE2000 (DP8390): the CPU copies
 * each frame into the card one word per `OUT` on the data port ("remote DMA"), then
 * writes the length and a transmit command. No rings, no batching: every word is an
 * I/O access, so under virtualization every word is a VM exit.
 *
 * ```
 *   port   write                          read
 *   0x300  COMMAND 1 = transmit            —
 *   0x304  TX_LENGTH (bytes, ≤ 1514)       —
 *   0x308  —                               STATUS: frames sent so far
 *   0x310  DATA next 4 bytes of the frame  —
 *
 *   send L bytes: OUT TX_LENGTH; ⌈L/4⌉ × OUT DATA; OUT COMMAND = ⌈L/4⌉ + 2 port writes
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LegacyNic, LegacyNicPort } from "@virt/devices/legacy_nic.ts";
 * const nic = new LegacyNic();
 * nic.portOut(LegacyNicPort.TX_LENGTH, 6);
 * nic.portOut(LegacyNicPort.DATA, 0x64636261); // "abcd"
 * nic.portOut(LegacyNicPort.DATA, 0x00006665); // "ef"
 * nic.portOut(LegacyNicPort.COMMAND, 1);
 * assert.equal(new TextDecoder().decode(nic.sent[0]), "abcdef");
 * ```
 *
 * @module
 */

import type { PortDevice } from "./device_bus.ts";

/**
 * Port numbers (base 0x300, data port at base + 0x10 as on the NE2000).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LegacyNicPort } from "@virt/devices/legacy_nic.ts";
 * assert.equal(LegacyNicPort.DATA, 0x310);
 * ```
 */
export const LegacyNicPort = {
  COMMAND: 0x300,
  TX_LENGTH: 0x304,
  STATUS: 0x308,
  DATA: 0x310,
} as const;

/**
 * Largest frame (Ethernet without FCS).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MAX_FRAME } from "@virt/devices/legacy_nic.ts";
 * assert.equal(MAX_FRAME, 1514);
 * ```
 */
export const MAX_FRAME = 1514;

/**
 * The card; transmitted frames collect in `sent`.
 *
 * @example A too-long length is clamped to the frame limit
 * ```ts
 * import assert from "node:assert/strict";
 * import { LegacyNic, LegacyNicPort } from "@virt/devices/legacy_nic.ts";
 * const nic = new LegacyNic();
 * nic.portOut(LegacyNicPort.TX_LENGTH, 9000);
 * nic.portOut(LegacyNicPort.COMMAND, 1);
 * assert.equal(nic.sent[0].length, 1514);
 * ```
 */
export class LegacyNic implements PortDevice {
  /** Name for traces. */
  readonly name = "legacy-nic";
  /** Ports claimed. */
  readonly ports: readonly number[] = Object.values(LegacyNicPort);
  /** Frames transmitted, in order. */
  readonly sent: Uint8Array[] = [];
  /** Bytes transmitted. */
  bytes = 0;
  #buffer = new Uint8Array(MAX_FRAME + 4);
  #view = new DataView(this.#buffer.buffer);
  #offset = 0;
  #length = 0;

  /** STATUS reads. */
  portIn(port: number): number {
    return port === LegacyNicPort.STATUS ? this.sent.length : 0xffffffff;
  }

  /** Register and data writes. */
  portOut(port: number, value: number): void {
    switch (port) {
      case LegacyNicPort.TX_LENGTH:
        this.#length = Math.min(value >>> 0, MAX_FRAME);
        this.#offset = 0;
        return;
      case LegacyNicPort.DATA:
        if (this.#offset + 4 <= this.#buffer.length) {
          this.#view.setInt32(this.#offset, value, true);
          this.#offset += 4;
        }
        return;
      case LegacyNicPort.COMMAND:
        if (value === 1) {
          this.sent.push(this.#buffer.slice(0, this.#length));
          this.bytes += this.#length;
          this.#offset = 0;
        }
    }
  }
}
