/**
 * A doorbell: writing a line number to its port raises that interrupt line at once.
 * The smallest device that makes interrupt timing visible, used by the
 * sensitive-instruction demo (does the guest take an interrupt while it believes
 * interrupts are off?).
 *
 * ```
 *   OUT 0xe0, rN   →   machine.raiseIrq(rN & 15)
 *   IN  rN, 0xe0   →   rings so far
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Doorbell } from "@virt/devices/doorbell.ts";
 * const raised: number[] = [];
 * const bell = new Doorbell((line) => raised.push(line));
 * bell.portOut(0xe0, 3);
 * assert.deepEqual(raised, [3]);
 * assert.equal(bell.portIn(0xe0), 1);
 * ```
 *
 * @module
 */

import type { PortDevice } from "./device_bus.ts";

/**
 * The doorbell's port.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DOORBELL_PORT } from "@virt/devices/doorbell.ts";
 * assert.equal(DOORBELL_PORT, 0xe0);
 * ```
 */
export const DOORBELL_PORT = 0xe0;

/**
 * Raises the written interrupt line through `raise`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Doorbell } from "@virt/devices/doorbell.ts";
 * assert.equal(new Doorbell(() => {}).ports[0], 0xe0);
 * ```
 */
export class Doorbell implements PortDevice {
  /** Name for traces. */
  readonly name = "doorbell";
  /** Ports claimed. */
  readonly ports: readonly number[] = [DOORBELL_PORT];
  /** Writes so far. */
  rings = 0;
  #raise: (line: number) => void;
  /** A doorbell that calls `raise(line)` (usually `machine.raiseIrq`). */
  constructor(raise: (line: number) => void) {
    this.#raise = raise;
  }
  /** Ring count. */
  portIn(_port: number): number {
    return this.rings;
  }
  /** Raise line `value & 15`. */
  portOut(_port: number, value: number): void {
    this.rings++;
    this.#raise(value & 15);
  }
}
