/**
 * The kernel canary: a 66-cell notebook that mixes final expressions,
 * console output, several displays per cell, in-place live updates, async
 * cells and a throwing cell, executed 5 times through nbclient (the real
 * Jupyter client) on the StackLab kernel. Every run must leave every output
 * under its own cell, in order — the guarantee plain `deno jupyter` breaks.
 */

import assert from "node:assert/strict";
import { executeNotebooks, type Notebook, outputText } from "./_notebooks.ts";

const CELLS = 66;
/** Another kernelspec to measure (e.g. a plain `deno jupyter` one); the test targets "stacklab". */
const KERNEL = Deno.env.get("STACKLAB_CANARY_KERNEL") ?? "stacklab";
/** Cells that log, then throw: the error must come after their output. */
const THROWING_CELLS = [13, 31, 49];

/** One cell's code and the outputs it must produce, as [output_type, text]. */
function canaryCell(i: number): { code: string; expected: [string, string][] } {
  const tag = `c${i}`;
  if (THROWING_CELLS.includes(i)) {
    return {
      code: `console.log("${tag}-a");\nconsole.log("${tag}-b");\nconsole.log("${tag}-c");\n` +
        `throw new Error("${tag}-boom");`,
      expected: [["stream", `${tag}-a\n${tag}-b\n${tag}-c\n`], ["error", `${tag}-boom`]],
    };
  }
  switch (i % 6) {
    case 0:
      return { code: `"${tag}-result"`, expected: [["execute_result", `"${tag}-result"`]] };
    case 1:
      return { code: `console.log("${tag}-log");`, expected: [["stream", `${tag}-log\n`]] };
    case 2:
      return {
        code: `for (let k = 0; k < 5; k++) {\n` +
          `  await Deno.jupyter.display({ "text/plain": "${tag}-d" + k }, { raw: true });\n}\n` +
          `"${tag}-end"`,
        expected: [
          ...[0, 1, 2, 3, 4].map((k): [string, string] => ["display_data", `${tag}-d${k}`]),
          ["execute_result", `"${tag}-end"`],
        ],
      };
    case 3:
      return {
        code:
          `await Deno.jupyter.display({ "text/plain": "${tag}-live0" }, { raw: true, display_id: "${tag}" });\n` +
          `for (let k = 1; k <= 3; k++) {\n` +
          `  await Deno.jupyter.display({ "text/plain": "${tag}-live" + k }, ` +
          `{ raw: true, display_id: "${tag}", update: true });\n}`,
        expected: [["display_data", `${tag}-live3`]],
      };
    case 4:
      return {
        code: `console.log("${tag}-a");\n` +
          `await Deno.jupyter.display({ "text/plain": "${tag}-b" }, { raw: true });\n` +
          `console.log("${tag}-c");\n${i * 2}`,
        expected: [
          ["stream", `${tag}-a\n`],
          ["display_data", `${tag}-b`],
          ["stream", `${tag}-c\n`],
          ["execute_result", `${i * 2}`],
        ],
      };
    default:
      return {
        code:
          `await new Promise((resolve) => setTimeout(resolve, 1));\nconsole.log("${tag}-async");\n` +
          `({ cell: ${i} })`,
        expected: [["stream", `${tag}-async\n`], ["execute_result", `{ cell: ${i} }`]],
      };
  }
}

/** Merges consecutive stream outputs as Jupyter frontends do when showing them. */
function summarize(outputs: Record<string, unknown>[]): [string, string][] {
  const rows: [string, string][] = [];
  for (const output of outputs) {
    const row: [string, string] = [String(output.output_type), outputText(output)];
    const last = rows.at(-1);
    if (last && last[0] === "stream" && row[0] === "stream") last[1] += row[1];
    else rows.push(row);
  }
  return rows;
}

Deno.test("StackLab kernel keeps every output under its own cell, 5 runs of 66 cells", async (t) => {
  const cells = Array.from({ length: CELLS }, (_, i) => canaryCell(i));
  const notebook: Notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: "stacklab", display_name: "StackLab", language: "typescript" },
    },
    cells: cells.map((cell, i) => ({
      id: `canary-${i}`,
      cell_type: "code",
      metadata: {},
      source: cell.code,
      outputs: [],
      execution_count: null,
    })),
  };
  const runs = await executeNotebooks(notebook, {
    runs: 5,
    allowErrors: true,
    name: "canary",
    kernel: KERNEL,
  });
  for (const [run, executed] of runs.entries()) {
    await t.step(`run ${run + 1}: every cell has exactly its own outputs`, () => {
      const wrong: string[] = [];
      executed.cells.forEach((cell, i) => {
        const got = summarize(cell.outputs ?? []);
        try {
          assert.deepEqual(got, cells[i].expected);
        } catch {
          wrong.push(
            `cell ${i}: got ${JSON.stringify(got)}, expected ${JSON.stringify(cells[i].expected)}`,
          );
        }
      });
      assert.equal(
        wrong.length,
        0,
        `${wrong.length} of ${CELLS} cells wrong:\n${wrong.slice(0, 8).join("\n")}`,
      );
    });
  }
});
