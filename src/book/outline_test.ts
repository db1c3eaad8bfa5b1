import assert from "node:assert/strict";
import type { Notebook } from "../notebook/execute.ts";
import { chapterOf, importedModules, notebookExercises, outlineNotebook } from "./outline.ts";
import { CODE_WORDS_PER_MINUTE, PROSE_WORDS_PER_MINUTE } from "./params.ts";

Deno.test("chapterOf() reads the chapter from 0N- and 0Nx- names, 0 otherwise", () => {
  assert.equal(chapterOf("notebooks/00-start-here.ipynb"), 0);
  assert.equal(chapterOf("03-containers.ipynb"), 3);
  assert.equal(chapterOf("04c-scoring.ipynb"), 4);
  assert.equal(chapterOf("12-extra.ipynb"), 12);
  assert.equal(chapterOf("scratch.ipynb"), 0);
});

Deno.test("importedModules() maps aliases and relative paths to course folders, skips npm", () => {
  const code = [
    'import * as Plot from "@observablehq/plot";',
    'import { table } from "@src/display/mod.ts";',
    'import { parseIpv4 } from "@stack/wire/ipv4.ts";',
    "import {",
    "  Machine,",
    '} from "../virt/isa/mod.ts";',
    'export { x } from "@cluster/scheduler/mod.ts";',
    'const lazy = await import("@src/sim/mod.ts");',
    'import assert from "node:assert/strict";',
    'import { table as again } from "@src/display/mod.ts";',
  ].join("\n");
  assert.deepEqual(importedModules(code), [
    "src/display",
    "stack/wire",
    "virt/isa",
    "cluster/scheduler",
    "src/sim",
  ]);
});

Deno.test("notebookExercises() joins checks to their exercise and keeps lone checks", () => {
  const code = (source: string) => ({ cell_type: "code", source });
  const found = notebookExercises([
    code('const mask = exercise("mask", { prompt: "What is \\"/24\\"?", check: integer(24) });'),
    { cell_type: "markdown", source: "Call `.check(` below." },
    code("mask.check(answer)"),
    code('exercise("mtu", { prompt: `MTU?`, check }).check(x)'),
    code("sheet.check(answers)"),
    code("mask.check(again)"),
  ]);
  assert.deepEqual(found, [
    { cell: 0, id: "mask", prompt: 'What is "/24"?', checkedIn: [2, 5] },
    { cell: 3, id: "mtu", prompt: "MTU?", checkedIn: [3] },
    { cell: 4, id: "", prompt: "", checkedIn: [4] },
  ]);
});

Deno.test("outlineNotebook() estimates reading time from prose and code words", () => {
  const prose = Array.from({ length: PROSE_WORDS_PER_MINUTE * 2 }, () => "word").join(" ");
  const code = Array.from({ length: CODE_WORDS_PER_MINUTE + 1 }, (_, i) => `x${i}`).join(" ");
  const notebook: Notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      { cell_type: "markdown", metadata: {}, source: ["## *Routing* tables\n", prose] },
      { cell_type: "code", metadata: {}, source: code },
      { cell_type: "raw", metadata: {}, source: "ignored words here" },
    ],
  };
  const outline = outlineNotebook("notebooks/01b-routing.ipynb", notebook);
  assert.equal(outline.slug, "01b-routing");
  assert.equal(outline.title, "Routing tables");
  assert.equal(outline.chapterTitle, "Protocol layers");
  assert.deepEqual(outline.words, {
    prose: PROSE_WORDS_PER_MINUTE * 2 + 2,
    code: CODE_WORDS_PER_MINUTE + 1,
  });
  // 2 min of prose (+2 heading words) + just over 1 min of code → 4 whole minutes.
  assert.equal(outline.minutes, 4);
  assert.equal(
    outlineNotebook("99-x.ipynb", { ...notebook, cells: [] }).chapterTitle,
    "Chapter 99",
  );
});
