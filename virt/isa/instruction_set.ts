/**
 * The StackLab guest ISA: one table that the assembler, the disassembler, the
 * interpreter and the binary translator all read.
 *
 * A small 32-bit machine in the spirit of a teaching RISC with x86's system
 * features (port I/O, a flags register holding the interrupt-enable and mode bits,
 * an interrupt vector table, POPF), so that the virtualization problems of x86 show
 * up on a page of code.
 *
 * Registers: r0–r7 (32-bit), sp (register number 8), pc, flags, and four control
 * registers cr0–cr4. Memory is byte addressed and little-endian; RAM starts at 0.
 *
 * Every instruction is one 32-bit little-endian word:
 *
 * ```
 *   byte 0      byte 1           bytes 2–3
 *  +--------+--------+--------+-----------------+
 *  | opcode |   a    |   b    |      imm16      |
 *  +--------+--------+--------+-----------------+
 *   bits 0–7  12–15    8–11         16–31
 *   a, b: register numbers 0–8 (8 = sp); imm16 signed or unsigned per instruction
 * ```
 *
 * Flags register (only CMP and CMPI write Z N C V; ALU instructions leave them alone):
 *
 * ```
 *   bit:  9    8         3   2   1   0
 *        +----+----+---+---+---+---+---+
 *        | U  | IF |...| V | C | N | Z |     U = 1: user mode, 0: kernel mode
 *        +----+----+---+---+---+---+---+     IF = 1: interrupts enabled
 * ```
 *
 * Privileged instructions (IN, OUT, HLT, CLI, STI, IRET, MOVCR) raise a general
 * protection trap in user mode. POPF is *sensitive but unprivileged*: in user mode it
 * silently keeps the old IF and U bits instead of trapping, exactly like x86 POPF at
 * CPL > IOPL. Popek & Goldberg (1974, "Formal requirements for virtualizable third
 * generation architectures", CACM 17(7)) prove trap-and-emulate works when every
 * sensitive instruction is privileged; Robin & Irvine (2000, "Analysis of the Intel
 * Pentium's ability to support a secure virtual machine monitor", USENIX Security)
 * list 17 x86 instructions, POPF and PUSHF among them, that break the rule. PUSHF is
 * sensitive here too: it shows the U bit, so a deprivileged kernel sees it is in
 * user mode.
 *
 * Paging (cr4 = page-table base | 1) applies to user mode only: 32 page-table entries
 * of 4 bytes map the 4 KiB pages of the virtual range 0x00000–0x1ffff:
 *
 * ```
 *   virtual address:  page = va >> 12 (0–31), offset = va & 0xfff
 *   entry (u32) at (cr4 & ~0x7f) + 4·page:
 *    31                       12 11      3   2   1   0
 *   +---------------------------+---------+---+---+---+
 *   |   physical frame address  |    0    | U | W | P |
 *   +---------------------------+---------+---+---+---+
 *   physical = frame | offset; needs P and U, and W for a write; else PageFault (vector 4)
 * ```
 *
 * Traps and interrupts: the handler address for vector v is the word at
 * `cr0 + 4·v`. Delivery (x86 style): when in user mode, switch to the kernel stack
 * `cr1` and push the user sp; push flags; push the return pc; clear U and IF; set
 * cr2 = v; jump. IRET pops pc, flags, and the user sp when the popped U is 1.
 *
 * @example Look an instruction up by mnemonic and by opcode
 * ```ts
 * import assert from "node:assert/strict";
 * import { INSTRUCTIONS, OPCODE_BY_MNEMONIC } from "@virt/isa/instruction_set.ts";
 * const add = OPCODE_BY_MNEMONIC.get("ADD")!;
 * assert.equal(add, 0x01);
 * assert.equal(INSTRUCTIONS[add]!.format, "rr");
 * ```
 *
 * @module
 */

/**
 * Bytes per instruction: every instruction is one little-endian 32-bit word.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { INSTRUCTION_BYTES } from "@virt/isa/instruction_set.ts";
 * assert.equal(INSTRUCTION_BYTES, 4);
 * ```
 */
export const INSTRUCTION_BYTES = 4;

/**
 * Register number of the stack pointer in the a/b fields (r0–r7 are 0–7).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SP } from "@virt/isa/instruction_set.ts";
 * assert.equal(SP, 8);
 * ```
 */
export const SP = 8;

/**
 * Bits of the flags register.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Flag } from "@virt/isa/instruction_set.ts";
 * assert.equal(Flag.IF | Flag.U, 0x300);
 * ```
 */
export const Flag = {
  /** Zero: the compared values were equal. */
  Z: 1 << 0,
  /** Negative: the difference was negative as a signed number. */
  N: 1 << 1,
  /** Carry (borrow): the first value was below the second, unsigned. */
  C: 1 << 2,
  /** Overflow: the signed subtraction overflowed. */
  V: 1 << 3,
  /** Interrupt enable. */
  IF: 1 << 8,
  /** User mode (0 = kernel mode). */
  U: 1 << 9,
} as const;

/**
 * Control registers (MOVCR): what each of cr0–cr4 holds.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ControlRegister } from "@virt/isa/instruction_set.ts";
 * assert.equal(ControlRegister.VectorBase, 0);
 * ```
 */
export const ControlRegister = {
  /** cr0: address of the interrupt vector table (0 = none installed). */
  VectorBase: 0,
  /** cr1: kernel stack pointer loaded when a trap arrives from user mode. */
  KernelStack: 1,
  /** cr2: vector number of the last trap or interrupt (written by the CPU). */
  Cause: 2,
  /** cr3: faulting address of the last memory trap (written by the CPU). */
  FaultAddress: 3,
  /**
   * cr4: page-table base | enable (bit 0). With bit 0 set, *user-mode* addresses are
   * translated through the page table; kernel mode stays unmapped (like MIPS kseg0).
   */
  PageTable: 4,
} as const;

/**
 * Trap and interrupt vectors. Device interrupt line k arrives as vector 16 + k.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Vector } from "@virt/isa/instruction_set.ts";
 * assert.equal(Vector.Irq0 + 2, 18);
 * ```
 */
export const Vector = {
  /** DIVU by zero. */
  DivideError: 0,
  /** An opcode or register number the ISA does not define. */
  InvalidOpcode: 1,
  /** A privileged instruction in user mode. */
  GeneralProtection: 2,
  /** A load or store outside RAM and the device window (address in cr3). */
  BadAccess: 3,
  /** A user-mode access the page table does not allow (virtual address in cr3). */
  PageFault: 4,
  /** First device interrupt line. */
  Irq0: 16,
  /** Number of vectors in the table (the table is 4·32 = 128 bytes). */
  Count: 32,
} as const;

/**
 * Operand formats, as written in assembly:
 *
 * | format | assembly          | fields used        |
 * |--------|-------------------|--------------------|
 * | `none` | `HLT`             | —                  |
 * | `rr`   | `ADD r1, r2`      | a = r1, b = r2     |
 * | `ri`   | `ADDI r1, -4`     | a, imm (signed)    |
 * | `ru`   | `ORI r1, 0xffff`  | a, imm (unsigned)  |
 * | `r`    | `PUSH r1`         | a                  |
 * | `mem`  | `LD r1, [r2+8]`   | a, b = base, imm   |
 * | `store`| `ST r1, [r2+8]`   | a = value, b, imm  |
 * | `j`    | `JMP label`       | imm (address)      |
 * | `jr`   | `JR r1`           | a                  |
 * | `u`    | `INT 8`           | imm (unsigned)     |
 * | `in`   | `IN r1, 0x1f0`    | a, imm (port)      |
 * | `out`  | `OUT 0x1f0, r1`   | a, imm (port)      |
 * | `tocr` | `MOVCR cr0, r1`   | imm = cr (0–4), a  |
 * | `fromcr`| `MOVCR r1, cr0`  | a = r1, imm = cr   |
 *
 * @example
 * ```ts
 * import type { Format } from "@virt/isa/instruction_set.ts";
 * const format: Format = "mem";
 * ```
 */
export type Format =
  | "none"
  | "rr"
  | "ri"
  | "ru"
  | "r"
  | "mem"
  | "store"
  | "j"
  | "jr"
  | "u"
  | "in"
  | "out"
  | "tocr"
  | "fromcr";

/**
 * One row of the instruction table.
 *
 * @example
 * ```ts
 * import type { InstructionInfo } from "@virt/isa/instruction_set.ts";
 * const hlt: InstructionInfo = {
 *   opcode: 0x52, mnemonic: "HLT", format: "none", privileged: true, sensitive: true,
 *   summary: "halt until an interrupt",
 * };
 * ```
 */
export interface InstructionInfo {
  /** Byte 0 of the encoding. */
  readonly opcode: number;
  /** Assembly name, upper case. */
  readonly mnemonic: string;
  /** How the operands are written and encoded. */
  readonly format: Format;
  /** Traps with GeneralProtection in user mode. */
  readonly privileged: boolean;
  /** Reads or changes machine state a VMM must control (Popek & Goldberg). */
  readonly sensitive: boolean;
  /** What it does, in one line. */
  readonly summary: string;
}

const TABLE: [number, string, Format, string, ("priv" | "sens")?][] = [
  // Arithmetic and logic, register–register: a ← a op b
  [0x01, "ADD", "rr", "a ← a + b"],
  [0x02, "SUB", "rr", "a ← a − b"],
  [0x03, "AND", "rr", "a ← a & b"],
  [0x04, "OR", "rr", "a ← a | b"],
  [0x05, "XOR", "rr", "a ← a ^ b"],
  [0x06, "SHL", "rr", "a ← a << (b & 31)"],
  [0x07, "SHR", "rr", "a ← a >>> (b & 31) (logical)"],
  [0x08, "SAR", "rr", "a ← a >> (b & 31) (arithmetic)"],
  [0x09, "MUL", "rr", "a ← low 32 bits of a · b"],
  [0x0a, "DIVU", "rr", "a ← a ÷ b unsigned; b = 0 traps DivideError"],
  [0x0b, "MOV", "rr", "a ← b"],
  [0x0c, "CMP", "rr", "flags ← compare a with b (a − b)"],
  // Arithmetic and logic with a 16-bit immediate
  [0x11, "ADDI", "ri", "a ← a + sext(imm)"],
  [0x13, "ANDI", "ru", "a ← a & zext(imm)"],
  [0x14, "ORI", "ru", "a ← a | zext(imm)"],
  [0x15, "XORI", "ru", "a ← a ^ zext(imm)"],
  [0x16, "SHLI", "ru", "a ← a << (imm & 31)"],
  [0x17, "SHRI", "ru", "a ← a >>> (imm & 31)"],
  [0x18, "SARI", "ru", "a ← a >> (imm & 31)"],
  [0x19, "MULI", "ri", "a ← low 32 bits of a · sext(imm)"],
  [0x1b, "LI", "ri", "a ← sext(imm)"],
  [0x1c, "CMPI", "ri", "flags ← compare a with sext(imm)"],
  [0x1d, "LUI", "ru", "a ← imm << 16"],
  // Loads and stores: address = b + sext(imm)
  [0x20, "LD", "mem", "a ← 32-bit word at address"],
  [0x21, "ST", "store", "32-bit word at address ← a"],
  [0x22, "LDB", "mem", "a ← byte at address (zero-extended)"],
  [0x23, "STB", "store", "byte at address ← low 8 bits of a"],
  [0x24, "LDH", "mem", "a ← 16-bit half at address (zero-extended)"],
  [0x25, "STH", "store", "16-bit half at address ← low 16 bits of a"],
  // Control flow: absolute 16-bit targets
  [0x30, "JMP", "j", "pc ← imm"],
  [0x31, "JEQ", "j", "if Z: pc ← imm"],
  [0x32, "JNE", "j", "if not Z: pc ← imm"],
  [0x33, "JLT", "j", "if N ≠ V (signed <): pc ← imm"],
  [0x34, "JGE", "j", "if N = V (signed ≥): pc ← imm"],
  [0x35, "JLTU", "j", "if C (unsigned <): pc ← imm"],
  [0x36, "JGEU", "j", "if not C (unsigned ≥): pc ← imm"],
  [0x37, "JGT", "j", "if not Z and N = V (signed >): pc ← imm"],
  [0x38, "JLE", "j", "if Z or N ≠ V (signed ≤): pc ← imm"],
  [0x39, "CALL", "j", "push pc + 4; pc ← imm"],
  [0x3a, "RET", "none", "pc ← pop"],
  [0x3b, "JR", "jr", "pc ← a"],
  // Stack
  [0x40, "PUSH", "r", "sp ← sp − 4; word at sp ← a"],
  [0x41, "POP", "r", "a ← word at sp; sp ← sp + 4"],
  [0x42, "PUSHF", "none", "push flags (shows the U bit: sensitive, not privileged)", "sens"],
  [
    0x43,
    "POPF",
    "none",
    "flags ← pop; in user mode IF and U are silently kept (sensitive, not privileged)",
    "sens",
  ],
  // System
  [0x50, "INT", "u", "software trap to vector imm"],
  [0x51, "IRET", "none", "pc ← pop; flags ← pop; if U: sp ← pop", "priv"],
  [0x52, "HLT", "none", "halt until an interrupt", "priv"],
  [0x53, "CLI", "none", "IF ← 0", "priv"],
  [0x54, "STI", "none", "IF ← 1", "priv"],
  [0x55, "IN", "in", "a ← 32-bit read of I/O port imm", "priv"],
  [0x56, "OUT", "out", "32-bit write of a to I/O port imm", "priv"],
  [0x57, "MOVCR", "tocr", "control register imm ← a", "priv"],
  [0x58, "MOVCR", "fromcr", "a ← control register imm", "priv"],
];

/**
 * The instruction table indexed by opcode (`undefined` for an undefined opcode).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { INSTRUCTIONS } from "@virt/isa/instruction_set.ts";
 * assert.equal(INSTRUCTIONS[0x43]!.mnemonic, "POPF");
 * assert.equal(INSTRUCTIONS[0x43]!.privileged, false);
 * assert.equal(INSTRUCTIONS[0x00], undefined); // zeroed memory is not code
 * ```
 */
export const INSTRUCTIONS: readonly (InstructionInfo | undefined)[] = (() => {
  const table: (InstructionInfo | undefined)[] = new Array(256).fill(undefined);
  for (const [opcode, mnemonic, format, summary, kind] of TABLE) {
    table[opcode] = Object.freeze({
      opcode,
      mnemonic,
      format,
      summary,
      privileged: kind === "priv",
      sensitive: kind !== undefined,
    });
  }
  return Object.freeze(table);
})();

/**
 * Opcode of each mnemonic (MOVCR maps to its "write control register" form 0x57;
 * the assembler picks 0x58 when the first operand is a general register).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { OPCODE_BY_MNEMONIC } from "@virt/isa/instruction_set.ts";
 * assert.equal(OPCODE_BY_MNEMONIC.get("HLT"), 0x52);
 * ```
 */
export const OPCODE_BY_MNEMONIC: ReadonlyMap<string, number> = new Map(
  TABLE.filter(([opcode]) => opcode !== 0x58).map(([opcode, mnemonic]) => [mnemonic, opcode]),
);

/**
 * Opcode numbers by name, for code that switches on them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Op } from "@virt/isa/instruction_set.ts";
 * assert.equal(Op.MOVCR_FROM, 0x58);
 * ```
 */
export const Op = {
  ADD: 0x01,
  SUB: 0x02,
  AND: 0x03,
  OR: 0x04,
  XOR: 0x05,
  SHL: 0x06,
  SHR: 0x07,
  SAR: 0x08,
  MUL: 0x09,
  DIVU: 0x0a,
  MOV: 0x0b,
  CMP: 0x0c,
  ADDI: 0x11,
  ANDI: 0x13,
  ORI: 0x14,
  XORI: 0x15,
  SHLI: 0x16,
  SHRI: 0x17,
  SARI: 0x18,
  MULI: 0x19,
  LI: 0x1b,
  CMPI: 0x1c,
  LUI: 0x1d,
  LD: 0x20,
  ST: 0x21,
  LDB: 0x22,
  STB: 0x23,
  LDH: 0x24,
  STH: 0x25,
  JMP: 0x30,
  JEQ: 0x31,
  JNE: 0x32,
  JLT: 0x33,
  JGE: 0x34,
  JLTU: 0x35,
  JGEU: 0x36,
  JGT: 0x37,
  JLE: 0x38,
  CALL: 0x39,
  RET: 0x3a,
  JR: 0x3b,
  PUSH: 0x40,
  POP: 0x41,
  PUSHF: 0x42,
  POPF: 0x43,
  INT: 0x50,
  IRET: 0x51,
  HLT: 0x52,
  CLI: 0x53,
  STI: 0x54,
  IN: 0x55,
  OUT: 0x56,
  MOVCR_TO: 0x57,
  MOVCR_FROM: 0x58,
} as const;
