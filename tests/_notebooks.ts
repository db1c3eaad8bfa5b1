/** Test helpers: run an in-memory notebook through nbclient N times. */

import { executeFiles, type Notebook, outputText } from "@src/notebook/execute.ts";

export { type Notebook, outputText };

/** Writes `notebook` to a temp folder, executes it `runs` times, returns each executed notebook. */
export async function executeNotebooks(
  notebook: Notebook,
  options: { runs?: number; allowErrors?: boolean; name?: string; kernel?: string } = {},
): Promise<Notebook[]> {
  const dir = await Deno.makeTempDir({ prefix: "stacklab-nb-" });
  const path = `${dir}/${options.name ?? "test"}.ipynb`;
  await Deno.writeTextFile(path, JSON.stringify(notebook, null, 1));
  const runs: Notebook[] = [];
  for (let run = 1; run <= (options.runs ?? 1); run++) {
    const [report] = await executeFiles([path], {
      out: `${dir}/out`,
      kernel: options.kernel,
      allowErrors: options.allowErrors,
      suffix: `-run${run}`,
      timeout: 120,
    });
    if (!report.ok && !options.allowErrors) throw new Error(`${path}: ${report.error}`);
    runs.push(JSON.parse(await Deno.readTextFile(report.executed)));
  }
  await Deno.remove(dir, { recursive: true });
  return runs;
}
