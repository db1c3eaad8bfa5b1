/**
 * Kernel benchmarks (README "Benchmarks"), run through nbclient like a real
 * frontend: per-cell overhead of the StackLab kernel against plain
 * `deno jupyter` on 100 trivial cells, and cold start to the first chart of
 * notebook 00. Wall-clock figures: printed, never asserted.
 *
 * Usage: deno run -A src/bench/kernel_bench.ts [--runs 3]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { executeFiles, type Notebook } from "../notebook/execute.ts";

if (import.meta.main) await main();

async function main() {
  const { values } = parseArgs({
    args: Deno.args,
    options: { runs: { type: "string", default: "3" } },
  });
  const runs = Number(values.runs);
  const work = await Deno.makeTempDir({ prefix: "stacklab-bench-" });

  // A plain `deno jupyter` kernelspec, visible only to this benchmark.
  const plainDir = `${work}/jupyter/kernels/deno-plain`;
  await Deno.mkdir(plainDir, { recursive: true });
  await Deno.writeTextFile(
    `${plainDir}/kernel.json`,
    JSON.stringify({
      argv: [Deno.execPath(), "jupyter", "--kernel", "--conn", "{connection_file}"],
      display_name: "plain deno",
      language: "typescript",
      env: { NO_COLOR: "1" },
    }),
  );
  const env = { JUPYTER_PATH: `${work}/jupyter` };

  function trivial(cells: number): Notebook {
    return {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: Array.from({ length: cells }, (_, i) => ({
        id: `t${i}`,
        cell_type: "code" as const,
        metadata: {},
        source: `${i} + 1`,
        outputs: [],
        execution_count: null,
      })),
    };
  }

  async function timeNotebook(notebook: Notebook, kernel: string, name: string): Promise<number> {
    const path = `${work}/${name}.ipynb`;
    await Deno.writeTextFile(path, JSON.stringify(notebook));
    const [report] = await executeFiles([path], {
      out: `${work}/out`,
      kernel,
      env,
      allowErrors: true,
    });
    return report.seconds * 1000;
  }

  const median = (values: number[]) =>
    values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];

  console.log(`kernel benchmarks: ${runs} runs each, medians; Deno ${Deno.version.deno}`);
  const perCell: Record<string, number> = {};
  for (const kernel of ["deno-plain", "stacklab"]) {
    const one: number[] = [];
    const hundred: number[] = [];
    for (let run = 0; run < runs; run++) {
      one.push(await timeNotebook(trivial(1), kernel, `one-${kernel}`));
      hundred.push(await timeNotebook(trivial(101), kernel, `hundred-${kernel}`));
    }
    // 101 cells minus 1 cell: the startup cancels out, 100 cells remain.
    perCell[kernel] = (median(hundred) - median(one)) / 100;
    console.log(
      `  ${kernel.padEnd(10)} 1 cell ${median(one).toFixed(0)} ms, 101 cells ${
        median(hundred).toFixed(0)
      } ms` +
        ` → ${perCell[kernel].toFixed(2)} ms per cell`,
    );
  }
  console.log(
    `  per-cell overhead of the StackLab kernel: ${
      (perCell["stacklab"] - perCell["deno-plain"]).toFixed(2)
    } ms`,
  );

  // Cold start to the first chart of notebook 00: the cells up to and including it.
  const start: Notebook = JSON.parse(
    await Deno.readTextFile(new URL("../../notebooks/00-start-here.ipynb", import.meta.url)),
  );
  const firstChart = start.cells.findIndex((cell) =>
    [cell.source].flat().join("").includes("renderPlot(")
  );
  const cold: number[] = [];
  for (let run = 0; run < runs; run++) {
    cold.push(
      await timeNotebook(
        { ...start, cells: start.cells.slice(0, firstChart + 1) },
        "stacklab",
        "cold",
      ),
    );
  }
  console.log(
    `  cold start to the first chart of notebook 00 (nbclient, new kernel): ${
      median(cold).toFixed(0)
    } ms`,
  );
  await Deno.remove(work, { recursive: true });
}
