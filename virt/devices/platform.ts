/**
 * The board: one guest machine and the devices wired to it. The same guest image
 * boots on either flavour; the kernel probes the MMIO window and picks its drivers.
 *
 * ```
 *   devices: "legacy"                      devices: "virtio"
 *   ports 0x1f0–0x1f7  ATA-style disk      MMIO 0x10000  virtio-blk  (irq line 1)
 *   ports 0x300–0x310  NE2000-style NIC    MMIO 0x11000  virtio-net  (irq line 2)
 *   port  0xe0         doorbell (both)     port 0xe0     doorbell
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createPlatform } from "@virt/devices/platform.ts";
 * const board = createPlatform(new Uint8Array(4), { devices: "virtio" });
 * assert.equal(board.bus.mmioRead(0x10000, 4), 0x74726976);
 * assert.equal(board.disk.length, 256 * 512);
 * ```
 *
 * @module
 */

import { Machine } from "../isa/machine.ts";
import { DeviceBus } from "./device_bus.ts";
import { Doorbell } from "./doorbell.ts";
import { LegacyDisk } from "./legacy_disk.ts";
import { LegacyNic } from "./legacy_nic.ts";
import { VirtioBlk } from "./virtio_blk.ts";
import { VirtioNet } from "./virtio_net.ts";

/**
 * Which device flavour the board carries.
 *
 * @example
 * ```ts
 * import type { DeviceModel } from "@virt/devices/platform.ts";
 * const model: DeviceModel = "virtio";
 * ```
 */
export type DeviceModel = "legacy" | "virtio";

/**
 * Options for {@linkcode createPlatform}.
 *
 * @example
 * ```ts
 * import type { PlatformOptions } from "@virt/devices/platform.ts";
 * const options: PlatformOptions = { devices: "legacy", diskSectors: 64 };
 * ```
 */
export interface PlatformOptions {
  /** Device flavour. @default {"legacy"} */
  devices?: DeviceModel;
  /** Sectors on the disk. @default {256} */
  diskSectors?: number;
  /** virtio devices offer VIRTIO_F_EVENT_IDX. @default {true} */
  eventIdx?: boolean;
}

/**
 * A machine with its devices.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createPlatform } from "@virt/devices/platform.ts";
 * const board = createPlatform(new Uint8Array(0));
 * assert.equal(board.devices, "legacy");
 * assert.deepEqual(board.frames(), []);
 * ```
 */
export interface Platform {
  /** The CPU and RAM (its `bus` is left null; execution modes decide). */
  readonly machine: Machine;
  /** Port and MMIO routing, with access counters. */
  readonly bus: DeviceBus;
  /** Which flavour. */
  readonly devices: DeviceModel;
  /** The disk contents (shared by whichever disk device is attached). */
  readonly disk: Uint8Array;
  /** The doorbell on port 0xe0. */
  readonly doorbell: Doorbell;
  /** Legacy devices, when `devices` is "legacy". */
  readonly legacy?: { readonly disk: LegacyDisk; readonly nic: LegacyNic };
  /** virtio devices, when `devices` is "virtio". */
  readonly virtio?: { readonly blk: VirtioBlk; readonly net: VirtioNet };
  /** Frames the NIC has sent so far. */
  frames(): readonly Uint8Array[];
  /** Backend work so far: requests served and bytes moved by the disk and NIC. */
  deviceWork(): DeviceWork;
}

/**
 * Backend work counters of a board's disk and NIC.
 *
 * @example
 * ```ts
 * import type { DeviceWork } from "@virt/devices/platform.ts";
 * const none: DeviceWork = { requests: 0, bytes: 0, kicks: 0, interrupts: 0, interruptRequests: 0 };
 * ```
 */
export interface DeviceWork {
  /** Requests served (disk commands or virtio chains, frames sent). */
  requests: number;
  /** Bytes moved between the guest and the backend. */
  bytes: number;
  /** virtio kicks received (0 for legacy devices). */
  kicks: number;
  /** Interrupts raised by virtio devices. */
  interrupts: number;
  /** Completions after which the device wanted to interrupt (vring_need_event / NO_INTERRUPT). */
  interruptRequests: number;
}

/**
 * Build a board and load `image` into its RAM at address 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createPlatform } from "@virt/devices/platform.ts";
 * const board = createPlatform(new Uint8Array([0x52, 0, 0, 0]));
 * assert.equal(board.machine.ram[0], 0x52);
 * assert.throws(() => createPlatform(new Uint8Array(0), { diskSectors: 0 }), /diskSectors/);
 * ```
 */
export function createPlatform(image: Uint8Array, options: PlatformOptions = {}): Platform {
  const { devices = "legacy", diskSectors = 256, eventIdx = true } = options;
  if (!Number.isInteger(diskSectors) || diskSectors < 1 || diskSectors > 65536) {
    throw new RangeError(`Cannot create the platform: diskSectors is ${diskSectors}; pass 1–65536`);
  }
  if (devices !== "legacy" && devices !== "virtio") {
    throw new RangeError(
      `Cannot create the platform: devices is ${
        JSON.stringify(devices)
      }; pass "legacy" or "virtio"`,
    );
  }
  const machine = new Machine();
  machine.load(image);
  const bus = new DeviceBus();
  const disk = new Uint8Array(diskSectors * 512);
  const raise = (line: number) => machine.raiseIrq(line);
  const doorbell = new Doorbell(raise);
  bus.attachPorts(doorbell);
  if (devices === "legacy") {
    const legacy = { disk: new LegacyDisk(disk), nic: new LegacyNic() };
    bus.attachPorts(legacy.disk);
    bus.attachPorts(legacy.nic);
    return {
      machine,
      bus,
      devices,
      disk,
      doorbell,
      legacy,
      frames: () => legacy.nic.sent,
      deviceWork: () => ({
        requests: legacy.disk.requests + legacy.nic.sent.length,
        bytes: legacy.disk.bytes + legacy.nic.bytes,
        kicks: 0,
        interrupts: 0,
        interruptRequests: 0,
      }),
    };
  }
  const virtio = {
    blk: new VirtioBlk(machine.ram, raise, { image: disk, base: 0x10000, line: 1, eventIdx }),
    net: new VirtioNet(machine.ram, raise, { base: 0x11000, line: 2, eventIdx }),
  };
  bus.attachMmio(virtio.blk);
  bus.attachMmio(virtio.net);
  return {
    machine,
    bus,
    devices,
    disk,
    doorbell,
    virtio,
    frames: () => virtio.net.sent,
    deviceWork: () => ({
      requests: virtio.blk.requests + virtio.net.requests,
      bytes: virtio.blk.bytes + virtio.net.bytes,
      kicks: virtio.blk.kicks + virtio.net.kicks,
      interrupts: virtio.blk.interrupts + virtio.net.interrupts,
      interruptRequests: virtio.blk.interruptRequests + virtio.net.interruptRequests,
    }),
  };
}
