/**
 * The homework command line, OSTEP style:
 *
 *     deno task homework                               # list the generators
 *     deno task homework subnetting --seed 7           # parameters, then the problem
 *     deno task homework subnetting --seed 7 -c        # … and the answers
 *     deno task homework tcp-seq --learner ada --option segments=8
 *
 * `src/` may not import a chapter, so the chapters' registries come in from outside: run
 * as a program, this file takes the registry modules first and loads them with a dynamic
 * `import()` (the task is `deno run -A src/exercise/cli.ts stack/homework/mod.ts
 * virt/homework/mod.ts`); each module exports a {@link HomeworkRegistry}, preferably as
 * `homework`. One command lists every chapter's generators. Tests and other entry files
 * call {@link runHomeworkCli} with registries directly. Bad names, flags or options print
 * one clear message listing the valid ones and exit with code 2; no stack traces.
 *
 * @module
 */

import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { preview } from "./_describe.ts";
import {
  type AnyHomework,
  assign,
  homeworkOptions,
  HomeworkRegistry,
  seedFromLearner,
  z,
} from "./homework.ts";

/**
 * Where the CLI writes; tests pass arrays.
 *
 * @example
 * ```ts
 * import type { CliOutput } from "./cli.ts";
 * const lines: string[] = [];
 * const output: CliOutput = { out: (t) => lines.push(t), err: (t) => lines.push(t) };
 * ```
 */
export interface CliOutput {
  /** Normal output (stdout). */
  out(text: string): void;
  /** Messages about bad usage (stderr). */
  err(text: string): void;
}

const CONSOLE: CliOutput = { out: (text) => console.log(text), err: (text) => console.error(text) };

const USAGE =
  "usage: deno task homework <name> [--seed N | --learner ID] [-c] [--option key=value ...]";

/**
 * Read `--option key=value` assignments: `true`/`false` become booleans, numbers become
 * numbers, anything else stays text (the generator's schema then validates them).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseAssignments } from "./cli.ts";
 * assert.deepEqual(parseAssignments(["routes=6", "defaultRoute=false", "sizes=equal"]),
 *   { routes: 6, defaultRoute: false, sizes: "equal" });
 * assert.throws(() => parseAssignments(["routes"]), SyntaxError);
 * ```
 */
export function parseAssignments(assignments: readonly string[]): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const assignment of assignments) {
    const equals = assignment.indexOf("=");
    if (equals <= 0) {
      throw new SyntaxError(
        `--option expects key=value: got ${preview(assignment)}. Write e.g. --option routes=6.`,
      );
    }
    const key = assignment.slice(0, equals).trim();
    const raw = assignment.slice(equals + 1).trim();
    options[key] = raw === "true"
      ? true
      : raw === "false"
      ? false
      : raw !== "" && Number.isFinite(Number(raw))
      ? Number(raw)
      : raw;
  }
  return options;
}

/**
 * One option of a generator, for help text.
 *
 * @example
 * ```ts
 * import type { OptionHelp } from "./cli.ts";
 * const help: OptionHelp = { name: "style", default: "running", description: "", choices: ["running", "deferred"] };
 * ```
 */
export interface OptionHelp {
  /** The option's key. */
  readonly name: string;
  /** Its default value. */
  readonly default: unknown;
  /** Its `.describe()` text. */
  readonly description: string;
  /** The allowed values of an enum option. */
  readonly choices?: readonly string[];
}

/**
 * Each option of a generator with its default, description and (for enums) choices.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineHomework, describeOptions, z } from "./mod.ts";
 * const gen = defineHomework({
 *   name: "demo", description: "demo",
 *   options: z.object({
 *     count: z.number().default(3).describe("how many"),
 *     mode: z.enum(["fast", "slow"]).default("fast").describe("speed"),
 *   }),
 *   generate: () => 0, solve: () => 0, render: () => "",
 * });
 * assert.deepEqual(describeOptions(gen), [
 *   { name: "count", default: 3, description: "how many" },
 *   { name: "mode", default: "fast", description: "speed", choices: ["fast", "slow"] },
 * ]);
 * ```
 */
export function describeOptions(generator: AnyHomework): OptionHelp[] {
  const defaults = generator.options.parse({}) as Record<string, unknown>;
  const shape = (generator.options as z.ZodObject).shape as Record<string, z.ZodType>;
  return Object.keys(shape).map((name) => {
    const field = shape[name];
    const inner = field instanceof z.ZodDefault ? field.unwrap() : field;
    const help: OptionHelp = {
      name,
      default: defaults[name],
      description: field.description ?? "",
    };
    return inner instanceof z.ZodEnum ? { ...help, choices: inner.options.map(String) } : help;
  });
}

function listing(registries: readonly HomeworkRegistry[]): string {
  const width = Math.max(...registries.flatMap((r) => r.list()).map((g) => g.name.length));
  const lines = ["Seeded homework generators.", USAGE];
  for (const registry of registries) {
    lines.push("");
    if (registry.title !== undefined) lines.push(registry.title);
    for (const generator of registry.list()) {
      lines.push(`  ${generator.name.padEnd(width)}  ${generator.description}`);
      for (const option of describeOptions(generator)) {
        const setting = `--option ${option.name}=${String(option.default)}`;
        const choices = option.choices ? ` (${option.choices.join(" | ")})` : "";
        lines.push(
          `  ${"".padEnd(width)}    ${setting.padEnd(34)} ${option.description}${choices}`,
        );
      }
    }
  }
  return lines.join("\n");
}

/**
 * Run the homework command line on `args` with the generators of `registry`; returns the
 * exit code (0, or 2 for bad usage) instead of exiting, so tests can call it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineHomework, HomeworkRegistry, runHomeworkCli, z } from "./mod.ts";
 * const registry = new HomeworkRegistry([defineHomework({
 *   name: "double", description: "Double a number",
 *   options: z.object({ max: z.number().int().min(1).default(9).describe("largest number") }),
 *   generate: (seed, o) => ({ n: seed % o.max }), solve: (p) => 2 * p.n,
 *   render: (p, s) => `Double ${p.n}.` + (s === undefined ? "" : `\nAnswer: ${s}`),
 * })]);
 * const out: string[] = [];
 * const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
 * assert.equal(runHomeworkCli(registry, ["double", "--seed", "7", "-c"], io), 0);
 * assert.equal(out.join("\n"), "ARG seed 7\nARG max 9\nARG compute true\n\nDouble 7.\nAnswer: 14");
 * assert.equal(runHomeworkCli(registry, ["triple"], io), 2);
 * ```
 */
export function runHomeworkCli(
  registries: HomeworkRegistry | readonly HomeworkRegistry[],
  args: readonly string[],
  output: CliOutput = CONSOLE,
): number {
  let stage: "usage" | "generate" = "usage";
  const chapters = registries instanceof HomeworkRegistry ? [registries] : registries;
  try {
    // One registry to look names up in (a name in two chapters is a TypeError here).
    const registry = chapters.length === 1
      ? chapters[0]
      : new HomeworkRegistry(chapters.flatMap((chapter) => chapter.list()));
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        seed: { type: "string", short: "s" },
        learner: { type: "string", short: "l" },
        compute: { type: "boolean", short: "c", default: false },
        option: { type: "string", short: "o", multiple: true, default: [] },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    if (values.help || positionals.length === 0) {
      output.out(listing(chapters));
      return 0;
    }
    if (positionals.length > 1) {
      throw new SyntaxError(
        `Expected one homework name, got ${positionals.length}: ${positionals.join(" ")}. ${USAGE}`,
      );
    }
    const generator = registry.get(positionals[0]);
    if (values.seed !== undefined && values.learner !== undefined) {
      throw new SyntaxError("Give either --seed or --learner, not both: a learner id is a seed.");
    }
    let seed = 0;
    if (values.seed !== undefined) {
      if (!/^\d{1,15}$/.test(values.seed)) {
        throw new RangeError(
          `--seed must be a whole number ≥ 0: got ${preview(values.seed)}. Write --seed 7.`,
        );
      }
      seed = Number(values.seed);
    } else if (values.learner !== undefined) {
      seed = seedFromLearner(values.learner);
    }
    const options = parseAssignments(values.option);
    homeworkOptions(generator, options); // bad options are usage errors (exit 2) …
    stage = "generate"; // … after this, only a RangeError is (a rejected combination)
    const sheet = assign(generator, { seed, options });
    const lines: string[] = [];
    if (values.learner !== undefined) lines.push(`ARG learner ${values.learner}`);
    lines.push(sheet.text(values.compute).replace("\n\n", `\nARG compute ${values.compute}\n\n`));
    if (!values.compute) {
      lines.push("", "Work out the answers, then check them by running again with -c.");
    }
    output.out(lines.join("\n"));
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: string }).code;
    if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) {
      // node:util's text ("Unknown option '--x'. To specify a positional …") → ours.
      const flag = /'(-[^']*)'/.exec(message)?.[1] ?? "";
      output.err(
        `homework: unknown or incomplete flag ${flag}; valid flags: --seed/-s N, ` +
          `--learner/-l ID, --compute/-c, --option/-o key=value, --help/-h`,
      );
      output.err(USAGE);
      return 2;
    }
    const usage = error instanceof RangeError ||
      (stage === "usage" && (error instanceof TypeError || error instanceof SyntaxError));
    if (!usage) {
      output.err(`homework: the generator failed (a bug, not your input): ${message}`);
      return 1;
    }
    output.err(`homework: ${message}`);
    if (/^Unknown homework/.test(message)) output.err('Run "deno task homework" for the list.');
    return 2;
  }
}

/**
 * The homework registries a module exports: its `homework` export when it has one, else
 * every exported {@link HomeworkRegistry}. `TypeError` when it exports none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineHomework, HomeworkRegistry, registriesOf, z } from "./mod.ts";
 * const one = new HomeworkRegistry([defineHomework({
 *   name: "one", description: "One", options: z.object({}),
 *   generate: () => 1, solve: () => 1, render: () => "1",
 * })]);
 * assert.deepEqual(registriesOf({ homework: one, other: 3 }, "demo.ts"), [one]);
 * assert.throws(() => registriesOf({ other: 3 }, "demo.ts"), /exports no HomeworkRegistry/);
 * ```
 */
export function registriesOf(
  module: Record<string, unknown>,
  specifier: string,
): HomeworkRegistry[] {
  if (module.homework instanceof HomeworkRegistry) return [module.homework];
  const found = [...new Set(Object.values(module))].filter((value) =>
    value instanceof HomeworkRegistry
  ) as HomeworkRegistry[];
  if (found.length === 0) {
    throw new TypeError(
      `Module ${specifier} exports no HomeworkRegistry; export one as ` +
        "`export const homework = new HomeworkRegistry([...])`.",
    );
  }
  return found;
}

/**
 * Load the registries of chapter modules given as paths (relative to the working
 * directory) or URLs, in order, for {@link runHomeworkCli}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadRegistries } from "./cli.ts";
 * await assert.rejects(loadRegistries(["no/such/module.ts"]), /Cannot load homework module/);
 * ```
 */
export async function loadRegistries(specifiers: readonly string[]): Promise<HomeworkRegistry[]> {
  const registries: HomeworkRegistry[] = [];
  for (const specifier of specifiers) {
    const url = /^[a-z][a-z0-9+.-]*:/i.test(specifier)
      ? specifier
      : pathToFileURL(resolve(specifier)).href;
    let module: Record<string, unknown>;
    try {
      module = await import(url);
    } catch (error) {
      throw new TypeError(
        `Cannot load homework module ${specifier}: ${
          error instanceof Error ? error.message.split("\n")[0] : String(error)
        }`,
      );
    }
    registries.push(...registriesOf(module, specifier));
  }
  return registries;
}

/** Leading arguments that name modules (`….ts`, `….js`), then the command line proper. */
function splitModules(args: readonly string[]): [string[], string[]] {
  const count = args.findIndex((arg) => !/\.(?:ts|js|mjs)$/.test(arg));
  const at = count < 0 ? args.length : count;
  return [args.slice(0, at), args.slice(at)];
}

async function main(args: readonly string[]): Promise<number> {
  const [modules, rest] = splitModules(args);
  if (modules.length === 0) {
    console.error(
      "homework: name the chapter registry modules first, e.g. " +
        "deno run -A src/exercise/cli.ts stack/homework/mod.ts virt/homework/mod.ts",
    );
    return 2;
  }
  try {
    return runHomeworkCli(await loadRegistries(modules), rest);
  } catch (error) {
    console.error(`homework: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

// No top-level await: the chapter modules import this file (through mod.ts), so it must
// finish evaluating before they load.
if (import.meta.main) main(Deno.args).then((code) => Deno.exit(code));
