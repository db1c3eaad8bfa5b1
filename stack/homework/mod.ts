/**
 * `stack/homework`: chapter 1's seeded homework generators (protocol layers), OSTEP style.
 * Each is `generate(seed, options)`, `solve(problem)`, `render(problem, solution?)` from
 * `src/exercise`; notebooks call `assign(generator, {learner})`, the command line is
 * `deno task homework` (which loads {@link homework} from this file), tests call the three functions.
 *
 * Read in this order:
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assign } from "@src/exercise/mod.ts";
 * import { chapterOneHomework, subnetting } from "./mod.ts";
 * assert.deepEqual(chapterOneHomework.list().map((g) => g.name), ["subnetting", "checksum", "tcp-seq"]);
 * const sheet = assign(subnetting, { learner: "ada" });
 * assert.match(sheet.text(), /^ARG seed \d+/);
 * ```
 *
 * @module
 */

import { HomeworkRegistry } from "@src/exercise/mod.ts";
import { checksum } from "./checksum.ts";
import { subnetting } from "./subnetting.ts";
import { tcpSeq } from "./tcp_seq.ts";

// Network, broadcast, host counts; longest-prefix match.
export * from "./subnetting.ts";
// The IPv4 header checksum by hand (RFC 1071), and a receiver's check.
export * from "./checksum.ts";
// Sequence and ACK numbers with a lost segment (RFC 9293, RFC 5681).
export * from "./tcp_seq.ts";

/**
 * Chapter 1's generators, in teaching order, for the command line and notebooks.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chapterOneHomework } from "./mod.ts";
 * assert.equal(chapterOneHomework.get("tcp-seq").name, "tcp-seq");
 * ```
 */
export const chapterOneHomework: HomeworkRegistry = new HomeworkRegistry(
  [subnetting, checksum, tcpSeq],
  { title: "Chapter 1: protocol layers" },
);

/**
 * The registry `deno task homework` loads from this module (same as
 * {@link chapterOneHomework}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chapterOneHomework, homework } from "./mod.ts";
 * assert.equal(homework, chapterOneHomework);
 * ```
 */
export const homework: HomeworkRegistry = chapterOneHomework;
