/**
 * Tunables of the book (`deno task book`): chapter titles and reading speeds.
 * Change them here only.
 *
 * @module
 */

/** Chapter titles by chapter number (the digit after the leading 0 of a notebook's name). */
export const CHAPTER_TITLES: Readonly<Record<number, string>> = {
  0: "Start here", // README "Chapter map"
  1: "Protocol layers",
  2: "Virtualization",
  3: "Containers",
  4: "Scheduling",
};

/** Words of prose read per minute: 238 for silent reading of non-fiction (Brysbaert 2019, J. Mem. Lang. 109). */
export const PROSE_WORDS_PER_MINUTE = 238;

/** Words of code read per minute: half the prose speed, an estimate (code is read token by token). */
export const CODE_WORDS_PER_MINUTE = 119;

/** Import specifiers that name course modules (the import-map aliases of deno.json). */
export const MODULE_ALIASES: Readonly<Record<string, string>> = {
  "@src/": "src/", // deno.json "imports"
  "@stack/": "stack/",
  "@virt/": "virt/",
  "@cluster/": "cluster/",
};
