/**
 * The device bus: which device answers which I/O port and which MMIO address.
 *
 * ```
 *   CPU ── IN/OUT port ──▶ ports: Map<port, PortDevice>      e.g. 0x1f0–0x1f7 legacy disk
 *       ── LD/ST addr  ──▶ mmio:  [base, base+size) → MmioDevice   e.g. 0x10000 virtio-blk
 *   unclaimed: reads return 0xffffffff, writes are dropped (like an empty PCI slot)
 * ```
 *
 * The bus counts every access; in emulation mode each one costs the VMM a device-model
 * call, and under hardware assistance each one is a VM exit.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DeviceBus } from "@virt/devices/device_bus.ts";
 * const bus = new DeviceBus();
 * let last = 0;
 * bus.attachPorts({ name: "debug", ports: [0xe9], portIn: () => 42, portOut: (_p, v) => last = v });
 * bus.portOut(0xe9, 7);
 * assert.equal(last, 7);
 * assert.equal(bus.portIn(0xe9), 42);
 * assert.equal(bus.portIn(0x80), 0xffffffff); // nothing there
 * assert.equal(bus.counts.portWrites, 1);
 * ```
 *
 * @module
 */

import type { IoBus } from "../isa/machine.ts";

/**
 * A device on I/O ports.
 *
 * @example
 * ```ts
 * import type { PortDevice } from "@virt/devices/device_bus.ts";
 * const device: PortDevice = { name: "x", ports: [1], portIn: () => 0, portOut: () => {} };
 * ```
 */
export interface PortDevice {
  /** Name for traces. */
  readonly name: string;
  /** Ports it claims. */
  readonly ports: readonly number[];
  /** A 32-bit read. */
  portIn(port: number): number;
  /** A 32-bit write. */
  portOut(port: number, value: number): void;
}

/**
 * A device in the MMIO window.
 *
 * @example
 * ```ts
 * import type { MmioDevice } from "@virt/devices/device_bus.ts";
 * const device: MmioDevice = { name: "x", base: 0x10000, size: 0x1000, read: () => 0, write: () => {} };
 * ```
 */
export interface MmioDevice {
  /** Name for traces. */
  readonly name: string;
  /** First address. */
  readonly base: number;
  /** Bytes claimed. */
  readonly size: number;
  /** Read `size` bytes at `offset` from base. */
  read(offset: number, size: number): number;
  /** Write `size` bytes at `offset` from base. */
  write(offset: number, size: number, value: number): void;
}

/**
 * Access counters.
 *
 * @example
 * ```ts
 * import type { BusCounts } from "@virt/devices/device_bus.ts";
 * const counts: BusCounts = { portReads: 0, portWrites: 0, mmioReads: 0, mmioWrites: 0 };
 * ```
 */
export interface BusCounts {
  /** IN instructions. */
  portReads: number;
  /** OUT instructions. */
  portWrites: number;
  /** Loads from the device window. */
  mmioReads: number;
  /** Stores to the device window. */
  mmioWrites: number;
}

/**
 * Routes port and MMIO accesses to devices; implements the CPU's `IoBus`.
 *
 * @example An MMIO device
 * ```ts
 * import assert from "node:assert/strict";
 * import { DeviceBus } from "@virt/devices/device_bus.ts";
 * const bus = new DeviceBus();
 * bus.attachMmio({ name: "rom", base: 0x10000, size: 0x1000, read: (offset) => offset, write: () => {} });
 * assert.equal(bus.mmioRead(0x10008, 4), 8);
 * ```
 */
export class DeviceBus implements IoBus {
  /** Accesses so far. */
  readonly counts: BusCounts = { portReads: 0, portWrites: 0, mmioReads: 0, mmioWrites: 0 };
  readonly #ports = new Map<number, PortDevice>();
  readonly #mmio: MmioDevice[] = [];

  /** Claim the device's ports; `RangeError` when a port is taken. */
  attachPorts(device: PortDevice): void {
    for (const port of device.ports) {
      const owner = this.#ports.get(port);
      if (owner) {
        throw new RangeError(
          `Cannot attach ${device.name}: port 0x${
            port.toString(16)
          } already belongs to ${owner.name}; pick other ports`,
        );
      }
    }
    for (const port of device.ports) this.#ports.set(port, device);
  }

  /** Claim an MMIO range; `RangeError` when it overlaps another. */
  attachMmio(device: MmioDevice): void {
    for (const other of this.#mmio) {
      if (device.base < other.base + other.size && other.base < device.base + device.size) {
        throw new RangeError(
          `Cannot attach ${device.name} at 0x${
            device.base.toString(16)
          }: it overlaps ${other.name}; move it`,
        );
      }
    }
    this.#mmio.push(device);
  }

  /** The MMIO device at `address`, if any. */
  mmioDeviceAt(address: number): MmioDevice | undefined {
    return this.#mmio.find((device) =>
      address >= device.base && address < device.base + device.size
    );
  }

  /** The port device at `port`, if any. */
  portDeviceAt(port: number): PortDevice | undefined {
    return this.#ports.get(port);
  }

  /** See `IoBus.portIn`. */
  portIn(port: number): number {
    this.counts.portReads++;
    const device = this.#ports.get(port);
    return device ? device.portIn(port) : 0xffffffff;
  }

  /** See `IoBus.portOut`. */
  portOut(port: number, value: number): void {
    this.counts.portWrites++;
    this.#ports.get(port)?.portOut(port, value);
  }

  /** See `IoBus.mmioRead`. */
  mmioRead(address: number, size: number): number {
    this.counts.mmioReads++;
    const device = this.mmioDeviceAt(address);
    if (!device) return size === 4 ? 0xffffffff : (1 << (8 * size)) - 1;
    return device.read(address - device.base, size);
  }

  /** See `IoBus.mmioWrite`. */
  mmioWrite(address: number, size: number, value: number): void {
    this.counts.mmioWrites++;
    const device = this.mmioDeviceAt(address);
    device?.write(address - device.base, size, value);
  }
}
