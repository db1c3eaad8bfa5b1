/**
 * Dynamic binary translation: translate each guest basic block once (see
 * `block_translation.ts`), cache the function by guest pc, and from then on run it
 * instead of interpreting — QEMU's TCG (`docs/devel/tcg.rst`: translation blocks, the TB
 * cache, direct block chaining), with V8 as the back end.
 *
 * ```
 *   dispatcher:  pc → cache[pc/4] ?? translate(pc) → fn(…) → next pc
 *                (a system instruction, or user mode under paging: one interpreted step)
 *   chaining:    each block remembers the block at its taken/fall-through target, so hot
 *                paths skip the cache lookup (QEMU patches a direct jump instead)
 *   warm-up:     one `WarmupRow` per cache miss: misses bunch up at the start, then stop
 *   invalidation: a store into a 256-byte page holding translated code flushes the cache
 * ```
 *
 * @example Same result as the interpreter, in fewer host steps
 * ```ts
 * import assert from "node:assert/strict";
 * import { assemble } from "@virt/isa/assembler.ts";
 * import { Machine } from "@virt/isa/machine.ts";
 * import { Translator } from "@virt/emulate/translator.ts";
 * const machine = new Machine();
 * machine.load(assemble("LI r1, 100\nloop: ADDI r2, 3\nADDI r1, -1\nCMPI r1, 0\nJNE loop\nHLT").bytes);
 * const translator = new Translator(machine);
 * translator.run(10_000);
 * assert.equal(machine.regs[2], 300);
 * assert.equal(machine.instructions, 1 + 100 * 4 + 1);
 * // misses: the block from 0 (runs into the loop), the loop itself, the HLT (single-stepped)
 * assert.equal(translator.stats.misses, 3);
 * ```
 *
 * @module
 */

import { Trace } from "@src/sim/mod.ts";
import { Flag, Vector } from "../isa/instruction_set.ts";
import { type Machine, RAM_SIZE } from "../isa/machine.ts";
import { loadSlow, storeSlow } from "./_memory.ts";
import {
  type BlockFunction,
  type BlockHelpers,
  CODE_PAGE_SHIFT,
  translateBlock,
} from "./block_translation.ts";
import { canWake, DEFAULT_MAX_INSTRUCTIONS } from "./emulator.ts";
import { budgetFault, interpret, Stop } from "./interpreter.ts";
import { deliverPendingInterrupt, deliverTrap } from "./traps.ts";

/**
 * Counters of the translation cache.
 *
 * @example
 * ```ts
 * import type { TranslationStats } from "@virt/emulate/translator.ts";
 * const zero: TranslationStats = { blocks: 0, translatedInstructions: 0, lookups: 0, misses: 0, chained: 0, flushes: 0, singleSteps: 0 };
 * ```
 */
export interface TranslationStats {
  /** Blocks translated (including re-translations after a flush). */
  blocks: number;
  /** Guest instructions translated. */
  translatedInstructions: number;
  /** Cache lookups by pc (a chained transition needs none). */
  lookups: number;
  /** Lookups that found nothing and translated. */
  misses: number;
  /** Block-to-block transitions that followed a chain link. */
  chained: number;
  /** Whole-cache flushes caused by stores into translated code. */
  flushes: number;
  /** System instructions single-stepped by the interpreter. */
  singleSteps: number;
}

/**
 * One row of the warm-up trace: written at every cache miss.
 *
 * @example
 * ```ts
 * import type { WarmupRow } from "@virt/emulate/translator.ts";
 * const row: WarmupRow = { instructions: 0, misses: 1, translatedInstructions: 5 };
 * ```
 */
export interface WarmupRow {
  /** Guest instructions retired when the miss happened (guest time). */
  instructions: number;
  /** Misses so far. */
  misses: number;
  /** Guest instructions translated so far. */
  translatedInstructions: number;
}

/**
 * Options for {@linkcode Translator}.
 *
 * @example
 * ```ts
 * import type { TranslatorOptions } from "@virt/emulate/translator.ts";
 * const options: TranslatorOptions = { chaining: false };
 * ```
 */
export interface TranslatorOptions {
  /** Most guest instructions in one block. @default {64} */
  maxBlockLength?: number;
  /** Follow chain links between blocks instead of looking each target up. @default {true} */
  chaining?: boolean;
}

interface Block {
  readonly pc: number;
  readonly fn: BlockFunction | null; // null: a system instruction, single-step it
  readonly length: number;
  readonly generation: number;
  readonly targets: [number, number]; // taken, fall-through (−1: none known)
  readonly links: [Block | null, Block | null];
  readonly source: string;
}

/**
 * A translation cache and dispatcher over one machine (I/O through `machine.bus`).
 *
 * @example The warm-up: misses happen early, then the cache serves everything
 * ```ts
 * import assert from "node:assert/strict";
 * import { createPlatform } from "@virt/devices/platform.ts";
 * import { buildGuestImage } from "@virt/guest/workloads.ts";
 * import { Translator } from "@virt/emulate/translator.ts";
 * const board = createPlatform(buildGuestImage("compute", { iterations: 10_000 }));
 * board.machine.bus = board.bus;
 * const translator = new Translator(board.machine);
 * translator.run(1e7);
 * const rows = translator.warmup.rows;
 * const early = rows.filter((row) => row.instructions < board.machine.instructions / 100);
 * assert.ok(early.length >= 0.7 * rows.length); // most misses in the first 1% of guest time
 * ```
 */
export class Translator {
  /** The guest. */
  readonly machine: Machine;
  /** Cache counters. */
  readonly stats: TranslationStats = {
    blocks: 0,
    translatedInstructions: 0,
    lookups: 0,
    misses: 0,
    chained: 0,
    flushes: 0,
    singleSteps: 0,
  };
  /** One row per cache miss (the first million; `stats.misses` keeps counting). */
  readonly warmup: Trace<WarmupRow> = new Trace<WarmupRow>();
  #cache: (Block | undefined)[] = new Array(RAM_SIZE >> 2);
  #codePages = new Uint8Array(RAM_SIZE >> CODE_PAGE_SHIFT);
  #generation = 0;
  #maxBlockLength: number;
  #chaining: boolean;
  #helpers: BlockHelpers;

  /** A translator with an empty cache. */
  constructor(machine: Machine, options: TranslatorOptions = {}) {
    this.machine = machine;
    this.#maxBlockLength = options.maxBlockLength ?? 64;
    this.#chaining = options.chaining ?? true;
    if (!Number.isInteger(this.#maxBlockLength) || this.#maxBlockLength < 1) {
      throw new RangeError(
        `Translator option maxBlockLength must be a positive integer: got ${this.#maxBlockLength}`,
      );
    }
    this.#helpers = {
      load: loadSlow,
      store: storeSlow,
      irq: deliverPendingInterrupt,
      trap: (m, vector, pc) => {
        deliverTrap(m, vector, pc);
        return m.pc;
      },
      badStack: (m, address, pc) => {
        m.cr[3] = address;
        m.pc = pc;
        deliverTrap(m, Vector.BadAccess, pc);
        return m.pc;
      },
      invalidate: () => this.flush(),
    };
  }

  /** Drop every translation (after a store into translated code). */
  flush(): void {
    this.#cache = new Array(RAM_SIZE >> 2);
    this.#codePages.fill(0);
    this.#generation++;
    this.stats.flushes++;
  }

  #translate(pc: number): Block {
    const m = this.machine;
    const stats = this.stats;
    stats.misses++;
    const translated = translateBlock(m.ram32, pc, this.#maxBlockLength);
    let block: Block;
    if (translated === null) {
      block = {
        pc,
        fn: null,
        length: 1,
        generation: this.#generation,
        targets: [-1, -1],
        links: [null, null],
        source: "",
      };
    } else {
      const fn = new Function(
        "r",
        "m8",
        "m32",
        "M",
        "h",
        "limit",
        "cp",
        translated.source,
      ) as BlockFunction;
      block = {
        pc,
        fn,
        length: translated.length,
        generation: this.#generation,
        targets: translated.targets,
        links: [null, null],
        source: translated.source,
      };
      stats.blocks++;
      stats.translatedInstructions += translated.length;
      for (
        let page = pc >> CODE_PAGE_SHIFT;
        page <= (pc + 4 * translated.length - 1) >> CODE_PAGE_SHIFT;
        page++
      ) {
        this.#codePages[page] = 1;
      }
    }
    this.#cache[pc >> 2] = block;
    // A guest that keeps rewriting its code could miss forever: stop logging, keep running.
    if (this.warmup.length < this.warmup.capacity) {
      this.warmup.push({
        instructions: m.instructions,
        misses: stats.misses,
        translatedInstructions: stats.translatedInstructions,
      });
    }
    return block;
  }

  #lookup(pc: number): Block | null {
    if ((pc & 3) !== 0 || pc >>> 0 >= RAM_SIZE) return null;
    this.stats.lookups++;
    return this.#cache[pc >> 2] ?? this.#translate(pc);
  }

  /** The JavaScript of the cached block at `pc`, if one is cached. */
  sourceAt(pc: number): string | undefined {
    return this.#cache[pc >> 2]?.source;
  }

  /**
   * Run until the retired-instruction count reaches `limit` or the CPU stops; returns
   * a `Stop` code, like `interpret()`.
   */
  run(limit: number): number {
    const m = this.machine;
    const { regs, ram, ram32 } = m;
    const helpers = this.#helpers;
    const codePages = this.#codePages;
    const chaining = this.#chaining;
    if (m.pendingIrq !== 0) deliverPendingInterrupt(m);
    let pc = m.pc;
    let block = this.#lookup(pc);
    while (m.instructions < limit) {
      if (block === null || block.fn === null || (m.paging && (m.flags & Flag.U) !== 0)) {
        // System instruction, undefined instruction or a pc outside RAM: let the
        // interpreter take exactly one step (it traps or faults as it should).
        this.stats.singleSteps++;
        m.pc = pc;
        const stop = interpret(m, m.instructions + 1);
        pc = m.pc;
        if (stop !== Stop.Limit) return stop;
        block = this.#lookup(pc);
        continue;
      }
      pc = block.fn(regs, ram, ram32, m, helpers, limit, codePages);
      // Chaining: follow the link for this exit, creating it on first use.
      const which: 0 | 1 | -1 = pc === block.targets[0] ? 0 : pc === block.targets[1] ? 1 : -1;
      if (chaining && which !== -1 && block.generation === this.#generation) {
        const linked = block.links[which];
        if (linked !== null && linked.generation === this.#generation) {
          this.stats.chained++;
          block = linked;
          continue;
        }
        const next = this.#lookup(pc);
        if (next !== null) block.links[which] = next;
        block = next;
        continue;
      }
      block = this.#lookup(pc);
    }
    m.pc = pc;
    return Stop.Limit;
  }
}

/**
 * Options for {@linkcode translate}.
 *
 * @example
 * ```ts
 * import type { TranslateOptions } from "@virt/emulate/translator.ts";
 * const options: TranslateOptions = { maxInstructions: 1e6, chaining: true };
 * ```
 */
export interface TranslateOptions extends TranslatorOptions {
  /** Instructions the guest may retire before `GuestFault` budget-exhausted. @default {200_000_000} */
  maxInstructions?: number;
}

/**
 * Run the platform's guest to its final HLT with binary translation and inline devices
 * (the translated counterpart of `emulate()`); returns the translator for its stats.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createPlatform } from "@virt/devices/platform.ts";
 * import { buildGuestImage } from "@virt/guest/workloads.ts";
 * import { translate } from "@virt/emulate/translator.ts";
 * const board = createPlatform(buildGuestImage("net", { packets: 4 }));
 * const translator = translate(board);
 * assert.equal(board.frames().length, 4);
 * assert.ok(translator.stats.chained > 0);
 * ```
 */
export function translate(
  platform: { machine: Machine; bus: Machine["bus"] },
  options: TranslateOptions = {},
): Translator {
  const { maxInstructions = DEFAULT_MAX_INSTRUCTIONS } = options;
  const machine = platform.machine;
  machine.bus = platform.bus;
  const translator = new Translator(machine, options);
  for (;;) {
    const stop = translator.run(maxInstructions);
    if (stop === Stop.Halt) {
      if (canWake(machine)) continue;
      return translator;
    }
    if (stop === Stop.Limit) throw budgetFault(machine, maxInstructions);
    throw new Error(`translate(): unexpected stop ${stop} with an inline bus`);
  }
}
