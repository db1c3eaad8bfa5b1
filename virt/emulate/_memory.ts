// Memory accesses off the fast path, shared by the interpreter and translated blocks:
// unaligned or byte accesses near the end of RAM, the device window (inline bus call or
// an MMIO exit), bad addresses (BadAccess trap, address in cr3), and user-mode accesses
// under paging (page walk first; PageFault trap, virtual address in cr3).
//
//   page walk (user mode, cr4 bit 0 set):  entry = word at (cr4 & ~0x7f) + 4·(va >> 12)
//     needs P (bit 0) and U (bit 2), and W (bit 1) for writes; va < 0x20000; no page crossing
//     physical = (entry & ~0xfff) | (va & 0xfff)
//
//   return CONTINUE (−1): done, go on · TRAPPED (−2): a trap was delivered, pc = m.pc
//          STOP_MMIO_WRITE (4) / STOP_MMIO_READ (5): no bus, the CPU stops (a VM exit)

import { Flag, SP, Vector } from "../isa/instruction_set.ts";
import { type Machine, MMIO_BASE, MMIO_SIZE, RAM_SIZE } from "../isa/machine.ts";
import { deliverTrap } from "./traps.ts";

/** Same values as `Stop.MmioWrite` / `Stop.MmioRead` in interpreter.ts. */
const STOP_MMIO_WRITE = 4;
const STOP_MMIO_READ = 5;

export const CONTINUE = -1;
export const TRAPPED = -2;

/**
 * The physical address of user virtual address `virtual` for a `size`-byte access,
 * or −1 when the page table forbids it.
 */
export function pageWalk(m: Machine, virtual: number, size: number, write: boolean): number {
  const va = virtual >>> 0;
  if (va >= 0x20000 || (va & 0xfff) + size > 0x1000) return -1;
  const entryAddress = ((m.cr[4] & ~0x7f) >>> 0) + 4 * (va >>> 12);
  if (entryAddress + 4 > RAM_SIZE) return -1;
  const entry = m.ram32[entryAddress >> 2];
  if ((entry & 5) !== 5 || (write && (entry & 2) === 0)) return -1;
  return ((entry & ~0xfff) >>> 0) + (va & 0xfff);
}

/** Whether accesses are translated right now: paging on and the CPU in user mode. */
function mapped(m: Machine): boolean {
  return m.paging && (m.flags & Flag.U) !== 0;
}

/** Deliver a page fault for `virtual` at `pc`. */
function pageFault(m: Machine, virtual: number, pc: number): void {
  m.cr[3] = virtual;
  m.pc = pc;
  deliverTrap(m, Vector.PageFault, pc);
}

/** A load outside the fast path: unaligned, device window, or bad. */
export function loadSlow(
  m: Machine,
  address: number,
  size: number,
  register: number,
  pc: number,
): number {
  if (mapped(m)) {
    const physical = pageWalk(m, address, size, false);
    if (physical < 0) {
      pageFault(m, address, pc);
      return TRAPPED;
    }
    address = physical;
  }
  const unsigned = address >>> 0;
  if (unsigned + size <= RAM_SIZE) {
    let value = 0;
    for (let i = size - 1; i >= 0; i--) value = (value << 8) | m.ram[unsigned + i];
    m.regs[register] = value;
    return CONTINUE;
  }
  if (unsigned >= MMIO_BASE && unsigned + size <= MMIO_BASE + MMIO_SIZE) {
    if (m.bus !== null) {
      m.regs[register] = m.bus.mmioRead(unsigned, size);
      return CONTINUE;
    }
    m.exitAddress = unsigned;
    m.exitSize = size;
    m.exitRegister = register;
    m.exitValue = 0;
    m.pc = pc + 4;
    return STOP_MMIO_READ;
  }
  m.cr[3] = address;
  m.pc = pc;
  deliverTrap(m, Vector.BadAccess, pc);
  return TRAPPED;
}

/** A store outside the fast path. */
export function storeSlow(
  m: Machine,
  address: number,
  size: number,
  value: number,
  pc: number,
): number {
  if (mapped(m)) {
    const physical = pageWalk(m, address, size, true);
    if (physical < 0) {
      pageFault(m, address, pc);
      return TRAPPED;
    }
    address = physical;
  }
  const unsigned = address >>> 0;
  if (unsigned + size <= RAM_SIZE) {
    for (let i = 0; i < size; i++) m.ram[unsigned + i] = value >>> (8 * i);
    return CONTINUE;
  }
  if (unsigned >= MMIO_BASE && unsigned + size <= MMIO_BASE + MMIO_SIZE) {
    const masked = size === 4 ? value : value & ((1 << (8 * size)) - 1);
    if (m.bus !== null) {
      m.bus.mmioWrite(unsigned, size, masked);
      return CONTINUE;
    }
    m.exitAddress = unsigned;
    m.exitSize = size;
    m.exitValue = masked;
    m.pc = pc + 4;
    return STOP_MMIO_WRITE;
  }
  m.cr[3] = address;
  m.pc = pc;
  deliverTrap(m, Vector.BadAccess, pc);
  return TRAPPED;
}

/** Push a word; false (after delivering BadAccess) when sp is bad. */
export function push(m: Machine, value: number, pc: number): boolean {
  const sp = (m.regs[SP] - 4) | 0;
  let at = sp;
  if (mapped(m) && (at = pageWalk(m, sp, 4, true)) < 0) {
    pageFault(m, sp, pc);
    return false;
  }
  if ((at & 3) !== 0 || at >>> 0 >= RAM_SIZE) {
    m.cr[3] = sp;
    m.pc = pc;
    deliverTrap(m, Vector.BadAccess, pc);
    return false;
  }
  m.ram32[at >> 2] = value;
  m.regs[SP] = sp;
  return true;
}

/** Pop a word into `m.exitValue`; false (after delivering BadAccess) when sp is bad. */
export function pop(m: Machine, pc: number): boolean {
  const sp = m.regs[SP];
  let at = sp;
  if (mapped(m) && (at = pageWalk(m, sp, 4, false)) < 0) {
    pageFault(m, sp, pc);
    return false;
  }
  if ((at & 3) !== 0 || at >>> 0 >= RAM_SIZE) {
    m.cr[3] = sp;
    m.pc = pc;
    deliverTrap(m, Vector.BadAccess, pc);
    return false;
  }
  m.exitValue = m.ram32[at >> 2];
  m.regs[SP] = sp + 4;
  return true;
}
