/**
 * Versions and packages StackLab pins. Change them here only, then re-measure
 * the kernel (README "The StackLab kernel") and run `deno task test`.
 *
 * @module
 */

/** The Deno release the course is tested with (npm package `deno`, README quick start). */
export const DENO_VERSION = "2.9.6";

/** Debian/Ubuntu packages a learner needs to run the notebooks in Jupyter. */
export const APT_RUN = [
  "jupyter-notebook", // classic Notebook 6.4 (Debian 12)
  "jupyter-nbconvert", // HTML export and `deno task execute`
  "python3-nbclient", // headless execution (nbclient 0.7)
  "fonts-dejavu-core", // fonts for the PNG fallback of charts
];

/** Extra packages the test suite uses as independent oracles. */
export const APT_TEST = [
  "tshark", // decodes our pcaps with checksum validation (chapter 1)
];

/** Name of the kernelspec learners pick in Jupyter; notebooks' metadata names it. */
export const KERNEL_NAME = "stacklab";
