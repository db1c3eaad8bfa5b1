// ISA semantics, one behaviour per instruction, checked on the interpreter and on the
// binary translator (the same program must leave the same state in both). Expected
// values are worked by hand in the comments, from the table in instruction_set.ts.
import assert from "node:assert/strict";
import { assemble } from "../isa/assembler.ts";
import { Flag } from "../isa/instruction_set.ts";
import { Machine } from "../isa/machine.ts";
import { interpret, Stop } from "./interpreter.ts";
import { Translator } from "./translator.ts";

const STACK = "LI32 sp, 0xfff0\n";

function runBoth(source: string): Machine {
  const image = assemble(source).bytes;
  const interpreted = new Machine();
  interpreted.load(image);
  assert.equal(interpret(interpreted, 10_000), Stop.Halt, "interpreter should reach HLT");
  const translated = new Machine();
  translated.load(image);
  assert.equal(new Translator(translated).run(10_000), Stop.Halt, "translator should reach HLT");
  assert.deepEqual(
    translated.regs,
    interpreted.regs,
    "translator and interpreter disagree on registers",
  );
  assert.equal(translated.flags, interpreted.flags, "translator and interpreter disagree on flags");
  assert.equal(translated.pc, interpreted.pc);
  assert.equal(translated.instructions, interpreted.instructions);
  assert.deepEqual(translated.ram, interpreted.ram);
  return interpreted;
}

const u = (machine: Machine, register: number) => machine.regs[register] >>> 0;

Deno.test("arithmetic wraps at 32 bits: ADD, SUB, MUL, ADDI, MULI", () => {
  const m = runBoth(`
    LI32 r1, 0x7fffffff
    LI r2, 1
    ADD r1, r2          ; 0x80000000 (signed overflow wraps)
    LI r3, 0
    SUB r3, r2          ; 0 - 1 = 0xffffffff
    LI32 r4, 0x10000
    MUL r4, r4          ; 2^32 wraps to 0
    LI r5, 10
    ADDI r5, -11        ; -1
    LI r6, -3
    MULI r6, 7          ; -21
    HLT`);
  assert.equal(u(m, 1), 0x80000000);
  assert.equal(u(m, 3), 0xffffffff);
  assert.equal(u(m, 4), 0);
  assert.equal(m.regs[5], -1);
  assert.equal(m.regs[6], -21);
});

Deno.test("logic and shifts: AND OR XOR SHL SHR SAR and immediates zero-extend", () => {
  const m = runBoth(`
    LI32 r1, 0xf0f0f0f0
    MOV r2, r1
    ANDI r2, 0xff00     ; 0x0000f000 (imm zero-extended)
    MOV r3, r1
    ORI r3, 0x000f      ; 0xf0f0f0ff
    MOV r4, r1
    XORI r4, 0xffff     ; 0xf0f00f0f
    MOV r5, r1
    SHRI r5, 28         ; logical: 0xf
    MOV r6, r1
    SARI r6, 28         ; arithmetic: 0xffffffff
    LI r7, 33
    LI r0, 1
    SHL r0, r7          ; shift count is taken mod 32: 1 << 1 = 2
    HLT`);
  assert.equal(u(m, 2), 0x0000f000);
  assert.equal(u(m, 3), 0xf0f0f0ff);
  assert.equal(u(m, 4), 0xf0f00f0f);
  assert.equal(u(m, 5), 0xf);
  assert.equal(u(m, 6), 0xffffffff);
  assert.equal(u(m, 0), 2);
});

Deno.test("DIVU divides unsigned and truncates", () => {
  const m = runBoth(`
    LI r1, -1           ; 0xffffffff = 4294967295
    LI r2, 2
    DIVU r1, r2         ; 2147483647
    LI r3, 7
    LI r4, 2
    DIVU r3, r4         ; 3
    HLT`);
  assert.equal(u(m, 1), 2147483647);
  assert.equal(u(m, 3), 3);
});

Deno.test("LI sign-extends, LUI shifts, LI32 loads any 32-bit constant", () => {
  const m = runBoth("LI r1, -2\nLUI r2, 0xabcd\nLI32 r3, 0xdeadbeef\nHLT");
  assert.equal(u(m, 1), 0xfffffffe);
  assert.equal(u(m, 2), 0xabcd0000);
  assert.equal(u(m, 3), 0xdeadbeef);
});

Deno.test("CMP sets Z N C V as a subtraction would", () => {
  const cases: [number, number, number][] = [
    // a, b, expected flags
    [5, 5, Flag.Z], // equal
    [3, 5, Flag.N | Flag.C], // 3-5 = -2: negative, unsigned borrow
    [5, 3, 0],
    [-1, 1, Flag.N], // 0xffffffff - 1: negative, no borrow (0xffffffff ≥ 1 unsigned)
    [0x80000000 | 0, 1, Flag.V], // INT_MIN - 1 overflows to INT_MAX: V, not N
  ];
  for (const [a, b, flags] of cases) {
    const m = runBoth(`LI32 r1, ${a >>> 0}\nLI32 r2, ${b >>> 0}\nCMP r1, r2\nHLT`);
    assert.equal(m.flags & 0xf, flags, `CMP ${a}, ${b}`);
  }
});

Deno.test("conditional branches follow signed and unsigned order", () => {
  // r0 collects one bit per taken branch after CMP -1, 1 (signed less, unsigned greater).
  const m = runBoth(`
    LI r0, 0
    LI r1, -1
    LI r2, 1
    CMP r1, r2
    JLT a1
    JMP a2
a1: ORI r0, 1           ; taken: -1 < 1 signed
a2: CMP r1, r2
    JLTU b1
    ORI r0, 2           ; taken path skips nothing: 0xffffffff is not < 1 unsigned
b1: CMP r1, r2
    JGEU c1
    JMP c2
c1: ORI r0, 4           ; taken: unsigned ≥
c2: CMP r1, r2
    JLE d1
    JMP d2
d1: ORI r0, 8           ; taken: -1 ≤ 1
d2: CMP r2, r1
    JGT e1
    JMP e2
e1: ORI r0, 16          ; taken: 1 > -1
e2: CMP r1, r1
    JEQ f1
    JMP f2
f1: ORI r0, 32
f2: CMP r1, r2
    JNE g1
    JMP g2
g1: ORI r0, 64
g2: CMP r1, r2
    JGE h1
    JMP h2
h1: ORI r0, 128         ; not taken
h2: HLT`);
  assert.equal(u(m, 0), 1 | 2 | 4 | 8 | 16 | 32 | 64);
});

Deno.test("loads and stores: words, halves, bytes, little-endian, unaligned words", () => {
  const m = runBoth(`
    LI32 r1, 0x11223344
    LI r2, 0x100
    ST r1, [r2+0]
    LDB r3, [r2+0]      ; 0x44: little-endian
    LDH r4, [r2+2]      ; 0x1122
    LI r5, 0x1ff
    STB r5, [r2+4]      ; stores 0xff
    LDB r6, [r2+4]
    LD r7, [r2+1]       ; unaligned: bytes 22 33 44 .. → 0xff112233
    STH r1, [r2+8]
    LD r0, [r2+8]       ; 0x00003344
    HLT`);
  assert.equal(u(m, 3), 0x44);
  assert.equal(u(m, 4), 0x1122);
  assert.equal(u(m, 6), 0xff);
  assert.equal(u(m, 7), 0xff112233);
  assert.equal(u(m, 0), 0x3344);
});

Deno.test("PUSH, POP, CALL and RET use a full-descending stack", () => {
  const m = runBoth(`${STACK}
    LI r1, 7
    PUSH r1
    CALL double
    POP r2
    HLT
double:
    LD r3, [sp+4]        ; the pushed 7, above the return address
    ADD r3, r3
    RET`);
  assert.equal(m.regs[3], 14);
  assert.equal(m.regs[2], 7);
  assert.equal(u(m, 8), 0xfff0);
  // LI32 sp (0x0, 0x4), LI (0x8), PUSH (0xc), CALL (0x10): the return address is 0x14
  assert.equal(m.ram32[(0xfff0 - 8) >> 2], 0x14, "return address = address after CALL");
});

Deno.test("JR jumps to a register; MOVCR reads back what it wrote", () => {
  const m = runBoth(`
    LI r1, target
    JR r1
    LI r2, 1            ; skipped
target:
    LI r3, 0x1234
    MOVCR cr1, r3
    MOVCR r4, cr1
    HLT`);
  assert.equal(m.regs[2], 0);
  assert.equal(m.regs[4], 0x1234);
  assert.equal(m.cr[1], 0x1234);
});

Deno.test("INT traps through the vector table and IRET returns with flags restored", () => {
  const m = runBoth(`${STACK}
    LI r0, vectors
    MOVCR cr0, r0
    STI
    INT 5
    LI r2, 2
    HLT
handler:
    MOVCR r1, cr2       ; cause = 5
    IRET
.org 0x100
vectors: .word 0, 0, 0, 0, 0, handler`);
  assert.equal(m.regs[1], 5);
  assert.equal(m.regs[2], 2);
  assert.equal(m.flags & Flag.IF, Flag.IF, "IRET restored IF");
});

Deno.test("a privileged instruction in user mode traps with GeneralProtection, kernel stack from cr1", () => {
  const m = runBoth(`${STACK}
    LI r0, vectors
    MOVCR cr0, r0
    LI32 r0, 0xe000
    MOVCR cr1, r0       ; kernel stack
    LI32 r0, 0x200      ; flags for user mode: U = bit 9
    PUSH r0
    POPF                ; in kernel mode POPF may set U: now in user mode
    CLI                 ; privileged → trap
    HLT
gp:
    MOVCR r1, cr2
    LD r2, [sp+4]       ; saved flags: U set
    LD r3, [sp+8]       ; saved user sp
    HLT
.org 0x100
vectors: .word 0, 0, gp`);
  assert.equal(m.regs[1], 2, "cause = GeneralProtection");
  assert.equal(m.regs[2] & Flag.U, Flag.U);
  assert.equal(u(m, 3), 0xfff0);
  assert.equal(u(m, 8), 0xe000 - 12, "handler runs on the kernel stack");
});

Deno.test("POPF in user mode silently keeps IF and U (sensitive, not privileged)", () => {
  const m = runBoth(`${STACK}
    LI r0, vectors
    MOVCR cr0, r0
    LI32 r0, 0xe000
    MOVCR cr1, r0
    LI32 r0, 0x300      ; IF | U
    PUSH r0
    POPF                ; kernel mode: now user mode with IF set
    LI r0, 0xf          ; try to clear IF and U, set Z N C V
    PUSH r0
    POPF                ; user mode: Z N C V change, IF and U silently kept, no trap
    PUSHF
    POP r1
    INT 8               ; back to the kernel to stop
exit:
    HLT
.org 0x100
vectors: .word 0, 0, 0, 0, 0, 0, 0, 0, exit`);
  assert.equal(m.regs[1], 0x30f, "PUSHF shows U and IF still set, and the new Z N C V");
  assert.equal(m.cr[2], 8, "the only trap was the INT: POPF did not trap");
});

Deno.test("an undefined opcode traps to vector 1 and the handler can skip it", () => {
  const m = runBoth(`${STACK}
    LI r0, vectors
    MOVCR cr0, r0
    .word 0x000000ff    ; undefined opcode 0xff
    LI r2, 9
    HLT
ud:
    LD r1, [sp+0]       ; faulting pc
    ADDI r1, 4
    ST r1, [sp+0]       ; return past it
    IRET
.org 0x100
vectors: .word 0, ud`);
  assert.equal(m.regs[2], 9);
  assert.equal(m.cr[2], 1);
});

Deno.test("interrupts wait while IF is clear and arrive at STI", () => {
  const image = assemble(`${STACK}
    LI r0, vectors
    MOVCR cr0, r0
    LI r5, 0
    NOP
    MOV r6, r5          ; still 0: IF is clear
    STI
    NOP                 ; the interrupt arrives right after STI
    HLT
isr:
    ADDI r5, 1
    IRET
.org 0x100
vectors: .word 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, isr`).bytes;
  const m = new Machine();
  m.load(image);
  m.raiseIrq(0);
  assert.equal(interpret(m, 1000), Stop.Halt);
  assert.equal(m.regs[6], 0);
  assert.equal(m.regs[5], 1);
  assert.equal(m.interruptsDelivered, 1);
  assert.equal(m.pendingIrq, 0);
});

Deno.test("DIVU by zero traps to vector 0 at the faulting instruction", () => {
  const m = runBoth(`${STACK}
    LI r0, vectors
    MOVCR cr0, r0
    LI r1, 5
    LI r2, 0
    DIVU r1, r2
    HLT
de:
    LD r3, [sp+0]       ; the faulting pc
    MOVCR r4, cr2
    HLT
.org 0x100
vectors: .word de`);
  assert.equal(m.regs[3], 0x18, "LI32 (0x0, 0x4), LI, MOVCR, LI, LI: DIVU is at 0x18");
  assert.equal(m.regs[4], 0);
  assert.equal(m.regs[1], 5, "the destination is unchanged");
});

Deno.test("a load outside RAM and the device window traps BadAccess with the address in cr3", () => {
  const m = runBoth(`${STACK}
    LI r0, vectors
    MOVCR cr0, r0
    LI32 r1, 0x30000
    LD r2, [r1+4]
    HLT
bad:
    MOVCR r5, cr3
    MOVCR r6, cr2
    HLT
.org 0x100
vectors: .word 0, 0, 0, bad`);
  assert.equal(u(m, 5), 0x30004);
  assert.equal(m.regs[6], 3);
});

Deno.test("CALL with a bad stack traps BadAccess and does not retire", () => {
  const m = runBoth(`
    LI r0, vectors
    MOVCR cr0, r0
    LI32 r0, 0xe000
    MOVCR cr1, r0
    LI32 r0, 0x200
    LI32 sp, 0xe000
    PUSH r0
    POPF                ; user mode, so the trap switches to the kernel stack in cr1
    LI32 sp, 0x30000    ; a user stack outside RAM
    CALL 0
    HLT
bad:
    MOVCR r5, cr3
    LD r6, [sp+0]       ; faulting pc
    HLT
.org 0x100
vectors: .word 0, 0, 0, bad`);
  assert.equal(u(m, 5), 0x30000 - 4);
  assert.equal(m.regs[6], 0x34, "the CALL is the 14th word");
  // 13 instructions before the CALL, the CALL does not retire, 3 in the handler (HLT included)
  assert.equal(m.instructions, 13 + 3);
});
