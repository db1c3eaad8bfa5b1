/**
 * The machine state every execution mode works on: registers, RAM, pending
 * interrupts, and the I/O bus (or the "exit" slot a hypervisor reads).
 *
 * ```
 *   Machine
 *   ├── regs   Int32Array: r0–r7 at 0–7, sp at 8
 *   ├── pc, flags (Z N C V · IF · U), cr[0–4], paging (cr4 bit 0: user mode is mapped)
 *   ├── ram    Uint8Array(64 KiB) and ram32 (Int32Array view of the same bytes)
 *   ├── instructions  retired-instruction counter (the guest's clock)
 *   ├── pendingIrq    bitmask of raised interrupt lines (edge-triggered)
 *   └── bus    IoBus → I/O is handled inline (emulation)
 *              null  → I/O stops the CPU and fills exit* (hardware-assisted: a VM exit)
 *
 *   guest physical address space
 *   0x00000 ┌──────────────────┐
 *           │ RAM (64 KiB)      │  code from 0, data from 0x4000, stack below 0x10000
 *   0x10000 ├──────────────────┤
 *           │ device window     │  MMIO: virtio-mmio devices, 4 KiB each
 *   0x20000 └──────────────────┘  anything above: BadAccess trap
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assemble } from "@virt/isa/assembler.ts";
 * import { Machine } from "@virt/isa/machine.ts";
 * const machine = new Machine();
 * machine.load(assemble("LI r1, 5\nHLT").bytes);
 * assert.equal(machine.ram[0], 0x1b);
 * assert.equal(machine.regs[8], 0); // sp starts at 0: the guest sets its own stack
 * ```
 *
 * @module
 */

/**
 * Bytes of guest RAM (jump targets are 16-bit, so code lives in the first 64 KiB).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RAM_SIZE } from "@virt/isa/machine.ts";
 * assert.equal(RAM_SIZE, 65536);
 * ```
 */
export const RAM_SIZE = 0x10000;

/**
 * First address of the device (MMIO) window.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MMIO_BASE } from "@virt/isa/machine.ts";
 * assert.equal(MMIO_BASE, 0x10000);
 * ```
 */
export const MMIO_BASE = 0x10000;

/**
 * Bytes of the device window; addresses from `MMIO_BASE + MMIO_SIZE` up are bad.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MMIO_SIZE } from "@virt/isa/machine.ts";
 * assert.equal(MMIO_SIZE, 0x10000);
 * ```
 */
export const MMIO_SIZE = 0x10000;

/**
 * What devices look like to the CPU: 32-bit port I/O and sized MMIO accesses.
 * Unclaimed ports and MMIO addresses read as all ones (like a PCI master abort).
 *
 * @example
 * ```ts
 * import type { IoBus } from "@virt/isa/machine.ts";
 * const silent: IoBus = {
 *   portIn: () => 0xffffffff, portOut: () => {},
 *   mmioRead: () => 0xffffffff, mmioWrite: () => {},
 * };
 * ```
 */
export interface IoBus {
  /** Read a 32-bit value from an I/O port. */
  portIn(port: number): number;
  /** Write a 32-bit value to an I/O port. */
  portOut(port: number, value: number): void;
  /** Read `size` (1, 2 or 4) bytes at a device-window address. */
  mmioRead(address: number, size: number): number;
  /** Write `size` (1, 2 or 4) bytes at a device-window address. */
  mmioWrite(address: number, size: number, value: number): void;
}

// The host must be little-endian for ram32 to read guest words (every Deno host is).
if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
  throw new Error("StackLab's guest machine needs a little-endian host");
}

/**
 * A guest CPU with its RAM. Plain fields, so every execution mode (interpreter,
 * translated blocks, the KVM-like vcpu) reads and writes the same state.
 *
 * @example Raise an interrupt line
 * ```ts
 * import assert from "node:assert/strict";
 * import { Machine } from "@virt/isa/machine.ts";
 * const machine = new Machine();
 * machine.raiseIrq(2);
 * assert.equal(machine.pendingIrq, 0b100);
 * ```
 */
export class Machine {
  /** Guest RAM. */
  readonly ram: Uint8Array = new Uint8Array(RAM_SIZE);
  /** The same RAM as 32-bit words (aligned accesses). */
  readonly ram32: Int32Array = new Int32Array(this.ram.buffer);
  /** r0–r7 at 0–7, sp at 8 (16 slots so a bad field never reads past the array). */
  readonly regs: Int32Array = new Int32Array(16);
  /** Control registers cr0–cr4 (see `ControlRegister`). */
  readonly cr: Int32Array = new Int32Array(5);
  /** Address of the next instruction. */
  pc = 0;
  /** Flags register (see `Flag`). Starts in kernel mode with interrupts off. */
  flags = 0;
  /** cr4 bit 0: user-mode addresses go through the page table at cr4 & ~0x7f. */
  paging = false;
  /** Instructions retired so far. */
  instructions = 0;
  /** Raised interrupt lines, bit k = line k (vector 16 + k). */
  pendingIrq = 0;
  /** Interrupts delivered to the guest so far. */
  interruptsDelivered = 0;
  /** The CPU executed HLT and no interrupt has woken it yet. */
  halted = false;
  /** Devices for inline I/O, or null: I/O stops the run and fills the exit fields. */
  bus: IoBus | null = null;
  /**
   * Privileged instructions in user mode stop the run (`Stop.Privileged`) for a host
   * VMM to emulate, instead of trapping into the guest (trap-and-emulate).
   */
  privilegedToHost = false;
  /** MOVCR writes stop the run (`Stop.ControlWrite`) after executing, like VT-x CR exiting. */
  controlWriteExits = false;
  /** Exit slot: port (I/O) or address (MMIO) of the access that stopped the CPU. */
  exitAddress = 0;
  /** Exit slot: access size in bytes. */
  exitSize = 0;
  /** Exit slot: the value written, or the value the host supplies for a read. */
  exitValue = 0;
  /** Exit slot: register a read completes into (−1: none pending). */
  exitRegister: number = -1;

  /** Copy `image` into RAM at `address`. `RangeError` if it does not fit. */
  load(image: Uint8Array, address = 0): void {
    if (address < 0 || address + image.length > RAM_SIZE) {
      throw new RangeError(
        `Cannot load a ${image.length}-byte image at 0x${address.toString(16)}: RAM is ` +
          `${RAM_SIZE} bytes; assemble a smaller program or load it lower`,
      );
    }
    this.ram.set(image, address);
  }

  /** Raise interrupt line `line` (0–15); it is delivered when IF is set. */
  raiseIrq(line: number): void {
    this.pendingIrq |= 1 << line;
  }

  /** Finish an I/O or MMIO read that stopped the CPU: the host put the value in `exitValue`. */
  completeRead(): void {
    if (this.exitRegister >= 0) {
      this.regs[this.exitRegister] = this.exitValue;
      this.exitRegister = -1;
    }
  }
}
