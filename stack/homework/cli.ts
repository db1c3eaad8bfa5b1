/**
 * Entry point of `deno task homework`: chapter 1's registry handed to the command line of
 * `src/exercise` (which may not import `stack/` itself). See `src/exercise/cli.ts` for
 * the flags.
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
