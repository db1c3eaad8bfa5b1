/**
 * The virtio-mmio transport (virtio 1.x §4.2, "Virtio Over MMIO"), version 2: a page of
 * registers through which a driver discovers the device, negotiates features, tells
 * it where its virtqueues live, and kicks it. Concrete devices (`virtio_blk.ts`,
 * `virtio_net.ts`) extend it and handle one request chain at a time.
 *
 * ```
 *   offset  name                 R/W   offset  name                  R/W
 *   0x000   MagicValue "virt"    R     0x044   QueueReady            RW
 *   0x004   Version = 2          R     0x050   QueueNotify (kick)    W
 *   0x008   DeviceID 1 net 2 blk R     0x060   InterruptStatus       R
 *   0x010   DeviceFeatures       R     0x064   InterruptACK          W
 *   0x014   DeviceFeaturesSel    W     0x070   Status                RW
 *   0x020   DriverFeatures       W     0x080   QueueDescLow          W
 *   0x024   DriverFeaturesSel    W     0x090   QueueDriverLow (avail) W
 *   0x030   QueueSel             W     0x0a0   QueueDeviceLow (used) W
 *   0x034   QueueNumMax          R     0x0fc   ConfigGeneration      R
 *   0x038   QueueNum             W     0x100+  device configuration  R
 * ```
 *
 * A kick processes every available chain at once (the device is as fast as the host:
 * requests complete before the guest runs again), pushes used elements, and raises one
 * interrupt if any completion asked for one (`vring_need_event` on used_event).
 *
 * @example Probe the magic value
 * ```ts
 * import assert from "node:assert/strict";
 * import { VirtioBlk } from "@virt/devices/virtio_blk.ts";
 * import { VirtioMmioRegister } from "@virt/devices/virtio_mmio.ts";
 * const blk = new VirtioBlk(new Uint8Array(0x10000), () => {}, { image: new Uint8Array(512) });
 * assert.equal(blk.read(VirtioMmioRegister.MagicValue, 4), 0x74726976);
 * assert.equal(blk.read(VirtioMmioRegister.DeviceID, 4), 2);
 * ```
 *
 * @module
 */

import type { MmioDevice } from "./device_bus.ts";
import { type Descriptor, DeviceQueue, VirtqueueError } from "../virtio/virtqueue.ts";
import { Feature } from "../virtio/virtqueue_layout.ts";

/**
 * Register offsets (virtio 1.x §4.2.2).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { VirtioMmioRegister } from "@virt/devices/virtio_mmio.ts";
 * assert.equal(VirtioMmioRegister.QueueNotify, 0x50);
 * ```
 */
export const VirtioMmioRegister = {
  MagicValue: 0x000,
  Version: 0x004,
  DeviceID: 0x008,
  VendorID: 0x00c,
  DeviceFeatures: 0x010,
  DeviceFeaturesSel: 0x014,
  DriverFeatures: 0x020,
  DriverFeaturesSel: 0x024,
  QueueSel: 0x030,
  QueueNumMax: 0x034,
  QueueNum: 0x038,
  QueueReady: 0x044,
  QueueNotify: 0x050,
  InterruptStatus: 0x060,
  InterruptACK: 0x064,
  Status: 0x070,
  QueueDescLow: 0x080,
  QueueDescHigh: 0x084,
  QueueDriverLow: 0x090,
  QueueDriverHigh: 0x094,
  QueueDeviceLow: 0x0a0,
  QueueDeviceHigh: 0x0a4,
  ConfigGeneration: 0x0fc,
  Config: 0x100,
} as const;

/**
 * Device status bits (virtio 1.x §2.1).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DeviceStatus } from "@virt/devices/virtio_mmio.ts";
 * assert.equal(DeviceStatus.DRIVER_OK, 4);
 * ```
 */
export const DeviceStatus = {
  ACKNOWLEDGE: 1,
  DRIVER: 2,
  DRIVER_OK: 4,
  FEATURES_OK: 8,
  DEVICE_NEEDS_RESET: 0x40,
  FAILED: 0x80,
} as const;

/**
 * Options shared by virtio-mmio devices.
 *
 * @example
 * ```ts
 * import type { VirtioMmioOptions } from "@virt/devices/virtio_mmio.ts";
 * const options: VirtioMmioOptions = { base: 0x10000, line: 1, eventIdx: true };
 * ```
 */
export interface VirtioMmioOptions {
  /** Address of the register page. @default {0x10000} */
  base?: number;
  /** Interrupt line it raises. @default {1} */
  line?: number;
  /** Offer VIRTIO_F_EVENT_IDX. @default {true} */
  eventIdx?: boolean;
  /** QueueNumMax. @default {64} */
  queueSizeMax?: number;
}

interface QueueState {
  size: number;
  ready: boolean;
  descriptors: number;
  available: number;
  used: number;
  queue: DeviceQueue | null;
}

/**
 * Base class: registers, feature negotiation, queues, kicks, interrupts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { VirtioNet } from "@virt/devices/virtio_net.ts";
 * import { VirtioMmioRegister } from "@virt/devices/virtio_mmio.ts";
 * const net = new VirtioNet(new Uint8Array(0x10000), () => {}, {});
 * net.write(VirtioMmioRegister.DeviceFeaturesSel, 4, 1);
 * assert.equal(net.read(VirtioMmioRegister.DeviceFeatures, 4), 1); // VERSION_1 is bit 32
 * ```
 */
export abstract class VirtioMmioDevice implements MmioDevice {
  /** Name for traces. */
  abstract readonly name: string;
  /** Register page address. */
  readonly base: number;
  /** One page of registers. */
  readonly size = 0x1000;
  /** Kicks (QueueNotify writes) received. */
  kicks = 0;
  /** Requests (descriptor chains) completed. */
  requests = 0;
  /** Bytes moved between guest buffers and the backend. */
  bytes = 0;
  /** Completions after which vring_need_event asked for an interrupt. */
  interruptRequests = 0;
  /** Times the interrupt line was raised (at most once per kick). */
  interrupts = 0;
  /** Guest RAM (DMA target). */
  protected readonly ram: Uint8Array;
  #raise: (line: number) => void;
  #line: number;
  #offered: [number, number];
  #driverFeatures: [number, number] = [0, 0];
  #deviceFeaturesSelect = 0;
  #driverFeaturesSelect = 0;
  #queueSelect = 0;
  #queueSizeMax: number;
  #queues: QueueState[];
  #status = 0;
  #interruptStatus = 0;

  /** A device with `queueCount` queues, DMA into `ram`, interrupts through `raise(line)`. */
  constructor(
    ram: Uint8Array,
    raise: (line: number) => void,
    queueCount: number,
    options: VirtioMmioOptions,
  ) {
    const { base = 0x10000, line = 1, eventIdx = true, queueSizeMax = 64 } = options;
    this.ram = ram;
    this.base = base;
    this.#raise = raise;
    this.#line = line;
    this.#queueSizeMax = queueSizeMax;
    this.#offered = [eventIdx ? 1 << Feature.EVENT_IDX : 0, 1 << (Feature.VERSION_1 - 32)];
    this.#queues = Array.from({ length: queueCount }, () => ({
      size: 0,
      ready: false,
      descriptors: 0,
      available: 0,
      used: 0,
      queue: null,
    }));
  }

  /** The virtio device ID (1 net, 2 block). */
  abstract get deviceId(): number;
  /** Read the device-specific configuration at `offset` from 0x100. */
  protected abstract readConfig(offset: number, size: number): number;
  /** Handle one chain from queue `queueIndex`; return bytes written into guest buffers. */
  protected abstract handle(queueIndex: number, chain: Descriptor[]): number;

  /** Whether the driver accepted VIRTIO_F_EVENT_IDX. */
  get eventIdxNegotiated(): boolean {
    return (this.#driverFeatures[0] & (1 << Feature.EVENT_IDX)) !== 0;
  }

  /** The device status register. */
  get status(): number {
    return this.#status;
  }

  /** A register read. */
  read(offset: number, size: number): number {
    const R = VirtioMmioRegister;
    if (offset >= R.Config) return this.readConfig(offset - R.Config, size);
    const queue = this.#queues[this.#queueSelect];
    switch (offset) {
      case R.MagicValue:
        return 0x74726976;
      case R.Version:
        return 2;
      case R.DeviceID:
        return this.deviceId;
      case R.VendorID:
        return 0x554d4551; // "QEMU", as QEMU reports
      case R.DeviceFeatures:
        return this.#offered[this.#deviceFeaturesSelect] ?? 0;
      case R.QueueNumMax:
        return queue ? this.#queueSizeMax : 0;
      case R.QueueReady:
        return queue?.ready ? 1 : 0;
      case R.InterruptStatus:
        return this.#interruptStatus;
      case R.Status:
        return this.#status;
      case R.ConfigGeneration:
        return 0;
    }
    return 0;
  }

  /** A register write; QueueNotify processes the queue. */
  write(offset: number, _size: number, value: number): void {
    const R = VirtioMmioRegister;
    const queue = this.#queues[this.#queueSelect];
    switch (offset) {
      case R.DeviceFeaturesSel:
        this.#deviceFeaturesSelect = value;
        return;
      case R.DriverFeaturesSel:
        this.#driverFeaturesSelect = value;
        return;
      case R.DriverFeatures:
        if (this.#driverFeaturesSelect < 2) {
          this.#driverFeatures[this.#driverFeaturesSelect] = value &
            this.#offered[this.#driverFeaturesSelect];
        }
        return;
      case R.QueueSel:
        this.#queueSelect = value;
        return;
      case R.QueueNum:
        if (queue) queue.size = value;
        return;
      case R.QueueDescLow:
        if (queue) queue.descriptors = value >>> 0;
        return;
      case R.QueueDriverLow:
        if (queue) queue.available = value >>> 0;
        return;
      case R.QueueDeviceLow:
        if (queue) queue.used = value >>> 0;
        return;
      case R.QueueReady:
        if (queue) this.#setReady(queue, value === 1);
        return;
      case R.QueueNotify:
        this.kicks++;
        this.#process(value);
        return;
      case R.InterruptACK:
        this.#interruptStatus &= ~value;
        return;
      case R.Status:
        if (value === 0) this.#reset();
        else this.#status = value;
        return;
    }
  }

  #setReady(queue: QueueState, ready: boolean): void {
    queue.ready = false;
    queue.queue = null;
    if (!ready) return;
    try {
      queue.queue = new DeviceQueue(this.ram, {
        queueSize: queue.size,
        descriptors: queue.descriptors,
        available: queue.available,
        used: queue.used,
        size: 0,
      }, { eventIdx: this.eventIdxNegotiated });
      queue.ready = true;
    } catch {
      this.#status |= DeviceStatus.DEVICE_NEEDS_RESET;
    }
  }

  #process(queueIndex: number): void {
    const queue = this.#queues[queueIndex]?.queue;
    if (!queue || (this.#status & DeviceStatus.DRIVER_OK) === 0) return;
    let interrupt = false;
    try {
      for (let head = queue.pop(); head !== -1; head = queue.pop()) {
        const written = this.handle(queueIndex, queue.chain(head));
        this.requests++;
        if (queue.pushUsed(head, written)) {
          this.interruptRequests++;
          interrupt = true;
        }
      }
    } catch (error) {
      if (!(error instanceof VirtqueueError)) throw error;
      this.#status |= DeviceStatus.DEVICE_NEEDS_RESET;
      this.#interruptStatus |= 2; // configuration change
      interrupt = true;
    }
    if (interrupt) {
      this.#interruptStatus |= 1; // used buffer notification
      this.interrupts++;
      this.#raise(this.#line);
    }
  }

  #reset(): void {
    this.#status = 0;
    this.#driverFeatures = [0, 0];
    this.#interruptStatus = 0;
    for (const queue of this.#queues) Object.assign(queue, { size: 0, ready: false, queue: null });
  }
}
