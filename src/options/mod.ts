/**
 * `src/options`: validation of user-facing options with zod, errors in the house style.
 *
 * @module
 */

// parseOptions(schema, value, action): the value, or an error naming field, value and fix.
export * from "./parse_options.ts";
// nearestName(word, candidates): "did you mean …?" by edit distance.
export * from "./nearest_name.ts";
