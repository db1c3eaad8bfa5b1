/**
 * Every notebook in notebooks/ runs top to bottom on the StackLab kernel
 * through nbclient: no error outputs, and every cell that draws a chart shows
 * one (an SVG with marks).
 */

import assert from "node:assert/strict";
import { executeFiles, type Notebook } from "@src/notebook/execute.ts";

const dir = new URL("../notebooks/", import.meta.url).pathname;
const notebooks = [...Deno.readDirSync(dir)]
  .filter((entry) => entry.name.endsWith(".ipynb"))
  .map((entry) => entry.name)
  .sort();

const source = (cell: { source: string | string[] }) =>
  Array.isArray(cell.source) ? cell.source.join("") : cell.source;

Deno.test("notebooks name the StackLab kernelspec and follow the naming scheme", () => {
  assert.ok(notebooks.includes("00-start-here.ipynb"));
  for (const name of notebooks) {
    assert.match(
      name,
      /^0\d[a-z]?-[a-z0-9-]+\.ipynb$/,
      `${name}: expected 0N-topic.ipynb or 0Nx-topic.ipynb`,
    );
    const notebook: Notebook = JSON.parse(Deno.readTextFileSync(dir + name));
    const spec = notebook.metadata.kernelspec as { name?: string } | undefined;
    assert.equal(spec?.name, "stacklab", `${name}: metadata.kernelspec.name should be "stacklab"`);
    for (const cell of notebook.cells) {
      assert.deepEqual(cell.outputs ?? [], [], `${name}: commit notebooks without outputs`);
    }
  }
});

Deno.test("every notebook executes on the StackLab kernel with its charts", async (t) => {
  const out = await Deno.makeTempDir({ prefix: "stacklab-notebooks-" });
  const reports = await executeFiles(notebooks.map((name) => dir + name), { out, timeout: 600 });
  for (const report of reports) {
    await t.step(report.notebook.split("/").at(-1)!, async () => {
      assert.ok(report.ok, `${report.notebook}: ${report.error}`);
      const executed: Notebook = JSON.parse(await Deno.readTextFile(report.executed));
      executed.cells.forEach((cell, i) => {
        if (cell.cell_type !== "code") return;
        const outputs = cell.outputs ?? [];
        const errors = outputs.filter((output) => output.output_type === "error");
        assert.equal(errors.length, 0, `cell ${i} raised: ${JSON.stringify(errors[0]?.evalue)}`);
        if (/\brenderPlot\(|\bshow[A-Z]\w*\(/.test(source(cell))) {
          const svg = outputs
            .map((output) =>
              (output.data as Record<string, unknown> | undefined)?.["image/svg+xml"]
            )
            .find((value) => value !== undefined);
          const text = Array.isArray(svg) ? svg.join("") : String(svg ?? "");
          assert.match(
            text,
            /<svg[\s\S]*<(path|circle|rect|line|text)\b/,
            `cell ${i} draws a chart but shows no SVG`,
          );
        }
      });
    });
  }
  await Deno.remove(out, { recursive: true });
});
