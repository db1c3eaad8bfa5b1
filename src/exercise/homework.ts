/**
 * Seeded homework, OSTEP style: a generator is three pure functions —
 * `generate(seed, options)` makes a problem, `solve(problem)` computes its answer key,
 * `render(problem, solution?)` writes it as text — plus a name, a description and a zod
 * schema of options with defaults. The same seed gives the same problem on every machine,
 * so a learner, the instructor and a test all see identical numbers; a learner id hashes
 * to a seed, so classmates get different numbers and each can still be checked.
 *
 *   learner "ada" ──FNV-1a──▶ seed 2342187424 ─┐
 *   --seed 7 ──────────────────────────────────┴▶ generate(seed, options) ─▶ problem
 *                                                  solve(problem) ─▶ solution
 *                                                  render(problem, solution?) ─▶ text
 *
 * Generators of a chapter live in that chapter (`stack/homework/`) and are gathered in a
 * {@link HomeworkRegistry}; `src/` never imports them. Notebooks call {@link assign};
 * the command line is `cli.ts`.
 *
 * @module
 */

import { DISPLAY, type Displayable, type MimeBundle, MimeOutput } from "../display/mime.ts";
import { nearestName } from "../options/mod.ts";
import { preview } from "./_describe.ts";
import { parseConfig, z } from "./_options.ts";

/**
 * One kind of seeded homework problem.
 *
 * @example
 * ```ts
 * import { defineHomework, type HomeworkGenerator, z } from "./homework.ts";
 * import { Random } from "../sim/random.ts";
 * const sums: HomeworkGenerator<{ numbers: number[] }, number, { count: number }> = defineHomework({
 *   name: "sums",
 *   description: "Add a few numbers",
 *   options: z.object({ count: z.number().int().min(1).max(9).default(3).describe("numbers to add") }),
 *   generate: (seed, options) => {
 *     const random = new Random(seed).fork("sums");
 *     return { numbers: Array.from({ length: options.count }, () => random.int(1, 99)) };
 *   },
 *   solve: (problem) => problem.numbers.reduce((a, b) => a + b, 0),
 *   render: (problem, solution) =>
 *     `Add ${problem.numbers.join(" + ")}.` + (solution === undefined ? "" : `\nAnswer: ${solution}`),
 * });
 * ```
 */
export interface HomeworkGenerator<Problem, Solution, Options extends object> {
  /** Short kebab-case name used on the command line, e.g. "tcp-seq". */
  readonly name: string;
  /** One line saying what the learner practises. */
  readonly description: string;
  /** A zod object schema; every field has a default and a `.describe()` text. */
  readonly options: z.ZodType<Options>;
  /** A problem from a seed and validated options. Pure: same inputs, same problem. */
  generate(seed: number, options: Options): Problem;
  /** The answer key. Pure. */
  solve(problem: Problem): Solution;
  /** The problem as text; with a solution, the answers (and how to get them) too. */
  render(problem: Problem, solution?: Solution): string;
}

/**
 * Any generator, for registries (the type parameters are erased).
 *
 * @example
 * ```ts
 * import type { AnyHomework } from "./homework.ts";
 * const list: AnyHomework[] = [];
 * ```
 */
// deno-lint-ignore no-explicit-any
export type AnyHomework = HomeworkGenerator<any, any, any>;

/**
 * Check a generator's shape once (name, description, options with defaults) and return it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineHomework, z } from "./homework.ts";
 * assert.throws(() => defineHomework({
 *   name: "Bad Name", description: "x", options: z.object({}),
 *   generate: () => 1, solve: () => 1, render: () => "",
 * }), /kebab-case/);
 * ```
 */
export function defineHomework<Problem, Solution, Options extends object>(
  generator: HomeworkGenerator<Problem, Solution, Options>,
): HomeworkGenerator<Problem, Solution, Options> {
  const name = generator?.name;
  if (typeof name !== "string" || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) {
    throw new TypeError(
      `Cannot define homework: name ${preview(name)} is not kebab-case. Use a name like "tcp-seq".`,
    );
  }
  if (typeof generator.description !== "string" || generator.description === "") {
    throw new TypeError(`Cannot define homework ${name}: give it a one-line description.`);
  }
  if (!(generator.options instanceof z.ZodObject)) {
    throw new TypeError(
      `Cannot define homework ${name}: options must be a z.object({...}) schema.`,
    );
  }
  if (!generator.options.safeParse({}).success) {
    throw new TypeError(
      `Cannot define homework ${name}: every option needs a default (.default(…)), ` +
        `so "--seed N" alone is a complete command.`,
    );
  }
  for (const fn of ["generate", "solve", "render"] as const) {
    if (typeof generator[fn] !== "function") {
      throw new TypeError(`Cannot define homework ${name}: ${fn} must be a function.`);
    }
  }
  return Object.freeze({ ...generator });
}

/**
 * A deterministic seed from a learner id (FNV-1a 32 of the trimmed, lower-cased id's
 * UTF-8 bytes): the same id always gets the same problems, different ids (almost
 * always) different ones.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seedFromLearner } from "./homework.ts";
 * assert.equal(seedFromLearner("ada"), seedFromLearner(" Ada "));
 * assert.notEqual(seedFromLearner("ada"), seedFromLearner("grace"));
 * ```
 */
export function seedFromLearner(learnerId: string): number {
  if (typeof learnerId !== "string" || learnerId.trim() === "") {
    throw new TypeError(
      `seedFromLearner() needs a non-empty learner id: got ${
        preview(learnerId)
      }. Pass e.g. your login.`,
    );
  }
  // FNV-1a 32: h = (h xor byte) × 16777619 mod 2^32, from offset basis 2166136261.
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(learnerId.trim().toLowerCase())) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * Validate options for `generator` (defaults filled in); unknown or bad options throw an
 * error that lists the valid ones.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { homeworkOptions, defineHomework, z } from "./homework.ts";
 * const gen = defineHomework({
 *   name: "demo", description: "demo", options: z.object({ count: z.number().default(3) }),
 *   generate: () => 0, solve: () => 0, render: () => "",
 * });
 * assert.deepEqual(homeworkOptions(gen, {}), { count: 3 });
 * assert.throws(() => homeworkOptions(gen, { cout: 2 }), /valid options: count/);
 * ```
 */
export function homeworkOptions<Options extends object>(
  generator: HomeworkGenerator<unknown, unknown, Options>,
  options: Record<string, unknown> = {},
): Options {
  // Unknown keys are errors here (zod objects strip them by default): a misspelt
  // option must not silently fall back to its default.
  const schema = generator.options instanceof z.ZodObject
    ? generator.options.strict()
    : generator.options;
  return parseConfig(schema, options, `generate ${generator.name} homework`) as Options;
}

/**
 * The parameters echoed before a problem, as OSTEP's simulators do (`ARG seed 7`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatArgs } from "./homework.ts";
 * assert.equal(formatArgs(7, { routes: 5 }), "ARG seed 7\nARG routes 5");
 * ```
 */
export function formatArgs(seed: number, options: object): string {
  const lines = [`ARG seed ${seed}`];
  for (const [key, value] of Object.entries(options)) lines.push(`ARG ${key} ${String(value)}`);
  return lines.join("\n");
}

/**
 * Options for {@link assign}.
 *
 * @example
 * ```ts
 * import type { AssignOptions } from "./homework.ts";
 * const options: AssignOptions = { learner: "ada", options: { routes: 6 } };
 * ```
 */
export interface AssignOptions {
  /** The seed. @default seedFromLearner(learner) when a learner is given, else 0 */
  seed?: number;
  /** A learner id to derive the seed from. @default undefined */
  learner?: string;
  /** The generator's options. @default {} (every default) */
  options?: Record<string, unknown>;
}

/**
 * One generated problem with its seed and options: shows the problem when displayed,
 * and the answer key through {@link HomeworkSheet.answers}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assign, defineHomework, z } from "./homework.ts";
 * const gen = defineHomework({
 *   name: "double", description: "Double a number", options: z.object({}),
 *   generate: (seed) => ({ n: seed % 10 }), solve: (p) => 2 * p.n,
 *   render: (p, s) => `Double ${p.n}.` + (s === undefined ? "" : ` Answer: ${s}`),
 * });
 * const sheet = assign(gen, { seed: 7 });
 * assert.equal(sheet.text(), "ARG seed 7\n\nDouble 7.");
 * assert.equal(sheet.solution, 14);
 * ```
 */
export class HomeworkSheet<Problem, Solution> implements Displayable {
  /** The generator's name. */
  readonly name: string;
  /** The seed used. */
  readonly seed: number;
  /** The validated options, defaults included. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The generated problem. */
  readonly problem: Problem;
  #generator: HomeworkGenerator<Problem, Solution, object>;

  /** Use {@link assign}. */
  constructor(
    generator: HomeworkGenerator<Problem, Solution, object>,
    seed: number,
    options: Record<string, unknown>,
  ) {
    this.#generator = generator;
    this.name = generator.name;
    this.seed = seed;
    this.options = Object.freeze({ ...options });
    this.problem = generator.generate(seed, options);
  }

  /** The answer key (computed by `solve`). */
  get solution(): Solution {
    return this.#generator.solve(this.problem);
  }

  /** Echoed parameters, a blank line, then the problem (with answers if asked). */
  text(withAnswers = false): string {
    const body = this.#generator.render(this.problem, withAnswers ? this.solution : undefined);
    return `${formatArgs(this.seed, this.options)}\n\n${body}`;
  }

  /** The problem with its answers, as a displayable output. */
  answers(): MimeOutput {
    return new MimeOutput(bundleOf(this.text(true)));
  }

  /** The problem, for Deno's Jupyter kernel. */
  [DISPLAY](): MimeBundle {
    return bundleOf(this.text());
  }

  /** The problem as text. */
  toString(): string {
    return this.text();
  }
}

function bundleOf(text: string): MimeBundle {
  const html = text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  return { "text/plain": text, "text/html": `<pre style="line-height:1.3">${html}</pre>` };
}

/**
 * Generate one problem for a learner (or a seed) with validated options.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assign, defineHomework, z } from "./homework.ts";
 * const gen = defineHomework({
 *   name: "echo", description: "Echo the seed", options: z.object({}),
 *   generate: (seed) => seed, solve: (p) => p, render: (p) => `seed ${p}`,
 * });
 * assert.equal(assign(gen, { learner: "ada" }).seed, assign(gen, { learner: "ada" }).seed);
 * ```
 */
export function assign<Problem, Solution, Options extends object>(
  generator: HomeworkGenerator<Problem, Solution, Options>,
  options: AssignOptions = {},
): HomeworkSheet<Problem, Solution> {
  if (options.seed !== undefined && !(Number.isSafeInteger(options.seed) && options.seed >= 0)) {
    throw new RangeError(
      `Cannot assign ${generator.name}: seed ${
        preview(options.seed)
      } is not a whole number ≥ 0. Pass e.g. { seed: 7 }.`,
    );
  }
  const seed = options.seed ??
    (options.learner !== undefined ? seedFromLearner(options.learner) : 0);
  const parsed = homeworkOptions(generator, options.options ?? {});
  return new HomeworkSheet(
    generator as unknown as HomeworkGenerator<Problem, Solution, object>,
    seed,
    parsed as Record<string, unknown>,
  );
}

/**
 * The generators one command line or notebook can choose from, by name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineHomework, HomeworkRegistry, z } from "./homework.ts";
 * const gen = defineHomework({
 *   name: "one", description: "One", options: z.object({}),
 *   generate: () => 1, solve: () => 1, render: () => "1",
 * });
 * const registry = new HomeworkRegistry([gen]);
 * assert.equal(registry.get("one"), gen);
 * assert.throws(() => registry.get("two"), /valid names: one/);
 * ```
 */
export class HomeworkRegistry {
  #byName = new Map<string, AnyHomework>();
  /** A heading for listings, e.g. "Chapter 2: virtualization" (none by default). */
  readonly title?: string;

  /** A registry of `generators`; names must be unique. `options.title` heads its listing. */
  constructor(generators: readonly AnyHomework[], options: { title?: string } = {}) {
    if (options.title !== undefined) this.title = options.title;
    for (const generator of generators) {
      defineHomework(generator);
      if (this.#byName.has(generator.name)) {
        throw new TypeError(
          `Cannot register homework ${generator.name} twice. Give each generator its own name.`,
        );
      }
      this.#byName.set(generator.name, generator);
    }
  }

  /** The generators, in registration (teaching) order. */
  list(): AnyHomework[] {
    return [...this.#byName.values()];
  }

  /** The generator called `name`; an unknown name throws a RangeError listing the valid ones. */
  get(name: string): AnyHomework {
    const generator = this.#byName.get(name);
    if (generator === undefined) {
      const names = [...this.#byName.keys()];
      const near = nearestName(String(name), names);
      throw new RangeError(
        `Unknown homework ${preview(name)}; ${near ? `did you mean "${near}"? ` : ""}` +
          `valid names: ${names.join(", ")}.`,
      );
    }
    return generator;
  }
}

export { z };
