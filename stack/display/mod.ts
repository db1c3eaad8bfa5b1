/**
 * `stack/display`: chapter 1's views of frames, built on `src/display`.
 *
 * @module
 */

// Frames as annotated hexdumps and field tables, coloured by layer.
export * from "./frame_view.ts";
