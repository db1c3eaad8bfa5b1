/**
 * Architecture rules, read from the source text:
 * 1. Dependency direction `src` ← `stack`, `virt` ← `cluster`: `src` imports no
 *    other area, `stack` and `virt` import only `src` (and themselves),
 *    nothing imports "upward" into `cluster`.
 * 2. Model code (simulations, wire formats, exercises) never calls
 *    `Math.random`, `Date.now` or `crypto.randomUUID`: every random choice
 *    flows from a seed and every id from a counter.
 */

import assert from "node:assert/strict";

const AREAS = ["src", "stack", "virt", "cluster"] as const;
type Area = typeof AREAS[number];
/** Which areas each area may import. */
const ALLOWED: Record<Area, Area[]> = {
  src: ["src"],
  stack: ["src", "stack"],
  virt: ["src", "virt"],
  cluster: ["src", "stack", "virt", "cluster"],
};
/** Folders whose code is a model and must be deterministic. */
const MODEL_CODE = ["src/sim/", "src/exercise/", "stack/", "virt/", "cluster/"];
const BANNED = [/\bMath\.random\s*\(/, /\bDate\.now\s*\(/, /\bcrypto\.randomUUID\s*\(/];

function* walk(dir: string): Generator<string> {
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(dir)];
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) yield* walk(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

/** The area an import specifier points into, resolved from the importing file. */
export function targetArea(file: string, specifier: string): Area | undefined {
  const alias = specifier.match(/^@(src|stack|virt|cluster)\//);
  if (alias) return alias[1] as Area;
  if (!specifier.startsWith(".")) return undefined; // npm:, node:, bare packages
  const parts = file.split("/").slice(0, -1);
  for (const piece of specifier.split("/")) {
    if (piece === "..") parts.pop();
    else if (piece !== ".") parts.push(piece);
  }
  return AREAS.find((area) => parts[0] === area);
}

/** Import/export specifiers of a source text (static and dynamic). */
export function specifiers(text: string): string[] {
  const found: string[] = [];
  const pattern =
    /(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s*["']([^"']+)["']/g;
  for (const match of text.matchAll(pattern)) found.push(match[1] ?? match[2] ?? match[3]);
  return found;
}

const files = AREAS.flatMap((area) => [...walk(area)]);

Deno.test("specifiers() and targetArea() read imports the way the rules need", () => {
  assert.deepEqual(specifiers(`import { a } from "../sim/mod.ts";\nexport * from "./b.ts";`), [
    "../sim/mod.ts",
    "./b.ts",
  ]);
  assert.equal(targetArea("src/display/render.ts", "../../stack/wire/mod.ts"), "stack");
  assert.equal(targetArea("stack/net/host.ts", "@src/sim/mod.ts"), "src");
  assert.equal(targetArea("stack/net/host.ts", "npm:zod"), undefined);
});

Deno.test("no area imports against the direction src ← stack, virt ← cluster", () => {
  assert.ok(files.length > 20, `expected the source tree, found ${files.length} files`);
  const wrong: string[] = [];
  for (const file of files) {
    const from = file.split("/")[0] as Area;
    for (const specifier of specifiers(Deno.readTextFileSync(file))) {
      const to = targetArea(file, specifier);
      if (to && !ALLOWED[from].includes(to)) {
        wrong.push(`${file} imports ${specifier} (${from} → ${to})`);
      }
    }
  }
  assert.deepEqual(wrong, [], `imports against the layering:\n${wrong.join("\n")}`);
});

Deno.test("model code never calls Math.random, Date.now or crypto.randomUUID", () => {
  const wrong: string[] = [];
  for (const file of files.filter((f) => MODEL_CODE.some((dir) => f.startsWith(dir)))) {
    Deno.readTextFileSync(file).split("\n").forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, "");
      if (/^\s*\*/.test(code)) return; // JSDoc prose
      for (const pattern of BANNED) {
        if (pattern.test(code)) wrong.push(`${file}:${i + 1}: ${line.trim()}`);
      }
    });
  }
  assert.deepEqual(wrong, [], `non-deterministic calls in model code:\n${wrong.join("\n")}`);
});
