/**
 * `deno task book [--out DIR] [notebook.ipynb …]`: executes every notebook on the
 * StackLab kernel and writes the static book (default `build/book/`). Exits 1 naming
 * the notebook, cell index and error when a notebook fails.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { BookBuildError, buildBook } from "./build.ts";

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    options: { out: { type: "string" }, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
  });
  if (values.help) {
    console.log("usage: deno task book [--out DIR] [notebook.ipynb …]");
    Deno.exit(0);
  }
  try {
    await buildBook({
      out: values.out,
      notebooks: positionals.length ? positionals : undefined,
    });
  } catch (error) {
    if (!(error instanceof BookBuildError)) throw error;
    console.error(`✗ ${error.message}`);
    Deno.exit(1);
  }
}
