/**
 * Chapter 1's generators alone on the command line of `src/exercise` (which may not import
 * `stack/` itself). `deno task homework` lists every chapter instead: it runs
 * `src/exercise/cli.ts` with each chapter's `mod.ts`. See `src/exercise/cli.ts` for the
 * flags.
 *
 * @example
 * ```ts
 * import { runHomeworkCli } from "@src/exercise/mod.ts";
 * import { chapterOneHomework } from "./mod.ts";
 * runHomeworkCli(chapterOneHomework, ["checksum", "--seed", "7"], { out: () => {}, err: () => {} });
 * ```
 *
 * @module
 */

import { runHomeworkCli } from "@src/exercise/mod.ts";
import { chapterOneHomework } from "./mod.ts";

if (import.meta.main) Deno.exit(runHomeworkCli(chapterOneHomework, Deno.args));
