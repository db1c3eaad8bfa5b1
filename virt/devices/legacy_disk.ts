/**
 * A register-level disk in the style of an ATA (IDE) controller doing programmed I/O:
 * the CPU moves every word of every sector through an I/O port, one `IN`/`OUT` per
 * 32-bit word. Cheap on hardware, ruinous under virtualization: each access is a VM
 * exit (or a device-model call in an emulator).
 *
 * ```
 *   port   write                       read
 *   0x1f0  DATA  next word of sector    DATA  next word of sector
 *   0x1f2  sector COUNT                 —
 *   0x1f3  LBA (first sector, 32-bit)  —
 *   0x1f7  COMMAND 0x20 READ, 0x30 WRITE   STATUS  0x40 DRDY | 0x08 DRQ | 0x01 ERR
 *
 *   read n sectors:  OUT COUNT; OUT LBA; OUT COMMAND=0x20; IN STATUS; 128·n × IN DATA
 *                    = 4 + 128·n port accesses (ATA-8 ACS PIO data-in protocol, 32-bit I/O)
 * ```
 *
 * Real ATA moves 16 bits per data-port access (32-bit PIO exists on many host
 * controllers); this model uses 32 to keep programs short.
 *
 * @example Write a sector word by word, then read it back
 * ```ts
 * import assert from "node:assert/strict";
 * import { LegacyDisk, LegacyDiskPort } from "@virt/devices/legacy_disk.ts";
 * const disk = new LegacyDisk(new Uint8Array(4 * 512));
 * disk.portOut(LegacyDiskPort.COUNT, 1);
 * disk.portOut(LegacyDiskPort.LBA, 2);
 * disk.portOut(LegacyDiskPort.COMMAND, 0x30);
 * for (let i = 0; i < 128; i++) disk.portOut(LegacyDiskPort.DATA, i);
 * assert.equal(disk.image[2 * 512 + 4], 1);
 * disk.portOut(LegacyDiskPort.COUNT, 1);
 * disk.portOut(LegacyDiskPort.LBA, 2);
 * disk.portOut(LegacyDiskPort.COMMAND, 0x20);
 * assert.equal(disk.portIn(LegacyDiskPort.STATUS) & 0x08, 0x08); // DRQ: data ready
 * assert.equal(disk.portIn(LegacyDiskPort.DATA), 0);
 * assert.equal(disk.portIn(LegacyDiskPort.DATA), 1);
 * ```
 *
 * @module
 */

import type { PortDevice } from "./device_bus.ts";

/**
 * Port numbers (the primary ATA channel's command block, 0x1f0–0x1f7).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LegacyDiskPort } from "@virt/devices/legacy_disk.ts";
 * assert.equal(LegacyDiskPort.STATUS, LegacyDiskPort.COMMAND);
 * ```
 */
export const LegacyDiskPort = {
  DATA: 0x1f0,
  COUNT: 0x1f2,
  LBA: 0x1f3,
  COMMAND: 0x1f7,
  STATUS: 0x1f7,
} as const;

/**
 * Status bits.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LegacyDiskStatus } from "@virt/devices/legacy_disk.ts";
 * assert.equal(LegacyDiskStatus.DRQ, 8);
 * ```
 */
export const LegacyDiskStatus = { ERR: 0x01, DRQ: 0x08, DRDY: 0x40 } as const;

const SECTOR = 512;
const WORDS_PER_SECTOR = SECTOR / 4;

/**
 * The controller and its disk image.
 *
 * @example A command past the end of the disk sets ERR
 * ```ts
 * import assert from "node:assert/strict";
 * import { LegacyDisk, LegacyDiskPort } from "@virt/devices/legacy_disk.ts";
 * const disk = new LegacyDisk(new Uint8Array(512));
 * disk.portOut(LegacyDiskPort.COUNT, 1);
 * disk.portOut(LegacyDiskPort.LBA, 5);
 * disk.portOut(LegacyDiskPort.COMMAND, 0x20);
 * assert.equal(disk.portIn(LegacyDiskPort.STATUS) & 1, 1);
 * ```
 */
export class LegacyDisk implements PortDevice {
  /** Name for traces. */
  readonly name = "legacy-disk";
  /** Ports claimed. */
  readonly ports: readonly number[] = [
    LegacyDiskPort.DATA,
    LegacyDiskPort.COUNT,
    LegacyDiskPort.LBA,
    LegacyDiskPort.COMMAND,
  ];
  /** The disk contents (a multiple of 512 bytes). */
  readonly image: Uint8Array;
  /** Commands accepted (each a host read or write request). */
  requests = 0;
  /** Bytes moved through the data port. */
  bytes = 0;
  #view: DataView;
  #count = 0;
  #lba = 0;
  #command = 0;
  #word = 0; // next word index within the transfer
  #total = 0; // words in the transfer
  #error = false;

  /** A controller over `image` (its length must be a multiple of 512). */
  constructor(image: Uint8Array) {
    if (image.length % SECTOR !== 0) {
      throw new RangeError(
        `Disk image length ${image.length} is not a multiple of 512 bytes; pad it`,
      );
    }
    this.image = image;
    this.#view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  }

  /** Data and status reads. */
  portIn(port: number): number {
    if (port === LegacyDiskPort.STATUS) {
      return LegacyDiskStatus.DRDY | (this.#word < this.#total ? LegacyDiskStatus.DRQ : 0) |
        (this.#error ? LegacyDiskStatus.ERR : 0);
    }
    if (port === LegacyDiskPort.DATA && this.#command === 0x20 && this.#word < this.#total) {
      const value = this.#view.getInt32(this.#lba * SECTOR + 4 * this.#word, true);
      this.#word++;
      this.bytes += 4;
      return value;
    }
    return 0xffffffff;
  }

  /** Register and data writes. */
  portOut(port: number, value: number): void {
    switch (port) {
      case LegacyDiskPort.COUNT:
        this.#count = value >>> 0;
        return;
      case LegacyDiskPort.LBA:
        this.#lba = value >>> 0;
        return;
      case LegacyDiskPort.COMMAND: {
        const sectors = this.image.length / SECTOR;
        this.#error = (value !== 0x20 && value !== 0x30) || this.#count === 0 ||
          this.#lba + this.#count > sectors;
        this.#command = this.#error ? 0 : value;
        this.#word = 0;
        this.#total = this.#error ? 0 : this.#count * WORDS_PER_SECTOR;
        if (!this.#error) this.requests++;
        return;
      }
      case LegacyDiskPort.DATA:
        if (this.#command === 0x30 && this.#word < this.#total) {
          this.#view.setInt32(this.#lba * SECTOR + 4 * this.#word, value, true);
          this.#word++;
          this.bytes += 4;
        }
    }
  }
}
