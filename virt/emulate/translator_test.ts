import assert from "node:assert/strict";
import { Random } from "@src/sim/mod.ts";
import { assemble } from "../isa/assembler.ts";
import { encode } from "../isa/encoding.ts";
import { Op } from "../isa/instruction_set.ts";
import { Machine } from "../isa/machine.ts";
import { interpret, Stop } from "./interpreter.ts";
import { translateBlock } from "./block_translation.ts";
import { Translator } from "./translator.ts";

Deno.test("translated code matches the interpreter on 200 seeded random programs", () => {
  const random = new Random("translator-differential");
  const alu = [
    Op.ADD,
    Op.SUB,
    Op.AND,
    Op.OR,
    Op.XOR,
    Op.SHL,
    Op.SHR,
    Op.SAR,
    Op.MUL,
    Op.MOV,
    Op.CMP,
  ];
  const immediate = [
    Op.ADDI,
    Op.ANDI,
    Op.ORI,
    Op.XORI,
    Op.SHLI,
    Op.SHRI,
    Op.SARI,
    Op.MULI,
    Op.LI,
    Op.CMPI,
    Op.LUI,
  ];
  const branches = [Op.JEQ, Op.JNE, Op.JLT, Op.JGE, Op.JLTU, Op.JGEU, Op.JGT, Op.JLE];
  for (let program = 0; program < 200; program++) {
    const words: number[] = [];
    for (let r = 0; r < 8; r++) words.push(encode(Op.LI, { a: r, imm: random.int(-32768, 32767) }));
    const body = random.int(5, 40);
    for (let i = 0; i < body; i++) {
      const kind = random.int(0, 9);
      const a = random.int(0, 7);
      if (kind < 5) {
        words.push(encode(alu[random.int(0, alu.length - 1)], { a, b: random.int(0, 7) }));
      } else if (kind < 8) {
        words.push(
          encode(immediate[random.int(0, immediate.length - 1)], { a, imm: random.int(0, 0xffff) }),
        );
      } else if (kind === 8) {
        // store then load through a scratch area at 0x8000 (r7 is reloaded as the base)
        words.push(encode(Op.LUI, { a: 7, imm: 0 }), encode(Op.ORI, { a: 7, imm: 0x8000 }));
        words.push(encode(Op.ST, { a, b: 7, imm: random.int(0, 63) * 4 }));
        words.push(encode(Op.LDB, { a: random.int(0, 6), b: 7, imm: random.int(0, 255) }));
      } else {
        // a forward conditional branch over the next instruction
        const target = 4 * (words.length + 2);
        words.push(encode(branches[random.int(0, branches.length - 1)], { imm: target }));
        words.push(encode(Op.ADDI, { a, imm: 1 }));
      }
    }
    words.push(encode(Op.HLT));
    const image = new Uint8Array(new Uint32Array(words).buffer);
    const interpreted = new Machine();
    interpreted.load(image);
    interpret(interpreted, 1e6);
    const translated = new Machine();
    translated.load(image);
    assert.equal(new Translator(translated).run(1e6), Stop.Halt);
    assert.deepEqual(translated.regs, interpreted.regs, `program ${program}`);
    assert.equal(translated.flags, interpreted.flags, `program ${program}`);
    assert.equal(translated.instructions, interpreted.instructions, `program ${program}`);
    assert.deepEqual(translated.ram, interpreted.ram, `program ${program}`);
  }
});

Deno.test("a block ends at a branch and before a system instruction", () => {
  const machine = new Machine();
  machine.load(assemble("LI r1, 1\nADDI r1, 1\nOUT 0x80, r1\nJMP 0").bytes);
  const block = translateBlock(machine.ram32, 0)!;
  assert.equal(block.length, 2, "stops before OUT");
  assert.deepEqual(block.targets, [-1, 8]);
  assert.equal(translateBlock(machine.ram32, 8), null, "OUT is single-stepped");
  assert.deepEqual(translateBlock(machine.ram32, 12)!.targets, [0, -1]);
});

Deno.test("a block that branches to itself runs as a loop that respects the instruction limit", () => {
  const machine = new Machine();
  machine.load(assemble("loop: ADDI r1, 1\nJMP loop").bytes);
  const translator = new Translator(machine);
  assert.equal(translator.run(1001), Stop.Limit);
  assert.equal(machine.instructions, 1002, "stops at the first iteration boundary past the limit");
  assert.equal(machine.regs[1], 501);
  assert.match(translator.sourceAt(0)!, /for \(;;\)/);
});

Deno.test("chaining skips cache lookups on hot paths; disabling it does not change results", () => {
  const source =
    "LI r1, 1000\nouter: LI r2, 3\ninner: ADDI r2, -1\nCMPI r2, 0\nJNE inner\nADDI r1, -1\nCMPI r1, 0\nJNE outer\nHLT";
  const results = [true, false].map((chaining) => {
    const machine = new Machine();
    machine.load(assemble(source).bytes);
    const translator = new Translator(machine, { chaining });
    translator.run(1e6);
    return { machine, stats: translator.stats };
  });
  assert.deepEqual(results[0].machine.regs, results[1].machine.regs);
  assert.ok(results[0].stats.chained > 1000);
  assert.ok(results[0].stats.lookups < 20);
  assert.equal(results[1].stats.chained, 0);
  assert.ok(results[1].stats.lookups > 1000);
});

Deno.test("a store into translated code flushes the cache and the new code runs", () => {
  // The loop body overwrites its own first instruction (LI r2, 1) with LI r2, 7, so the
  // second pass must run the new instruction: r4 = 1 + 7.
  const li7 = new DataView(assemble("LI r2, 7").bytes.buffer).getUint32(0, true);
  const image = assemble(`
    LI r3, 2
again:
patch:
    LI r2, 1
    ADD r4, r2
    LI32 r5, ${li7}
    LI r6, patch
    ST r5, [r6+0]
    ADDI r3, -1
    CMPI r3, 0
    JNE again
    HLT`).bytes;
  const interpreted = new Machine();
  interpreted.load(image);
  interpret(interpreted, 1000);
  const translated = new Machine();
  translated.load(image);
  const translator = new Translator(translated);
  translator.run(1000);
  assert.equal(interpreted.regs[4], 1 + 7);
  assert.equal(translated.regs[4], 1 + 7, "the second pass ran the patched instruction");
  assert.ok(translator.stats.flushes >= 1);
});
