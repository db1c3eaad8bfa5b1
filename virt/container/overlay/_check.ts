/**
 * Shape checks shared by the overlay functions a notebook calls with its own data: a learner
 * passing `image.layers` (built layers) where arrays of tar entries are expected, or the
 * image where a tree is expected, gets one message naming the argument and the fix instead
 * of "entries is not iterable" from deep inside a loop.
 *
 * ```
 *   layers  = [[entry, entry, …], [entry, …]]    one array of TarEntry per layer, bottom first
 *   entries =  [entry, entry, …]                  one layer
 *   tree    =  Map<path, FsNode>                  from applyLayers / unpackBundle(image).rootfs
 * ```
 *
 * @module
 */

const describe = (value: unknown) =>
  value === null
    ? "null"
    : Array.isArray(value)
    ? "an array"
    : value instanceof Map
    ? "a Map"
    : typeof value;

/** Throw unless `entries` is an array of tar entries (objects with a string `path`). */
export function checkEntries(entries: unknown, call: string, what = "entries"): void {
  if (!Array.isArray(entries)) {
    const built = typeof entries === "object" && entries !== null && "entries" in entries;
    throw new TypeError(
      `Cannot ${call}: ${what} must be an array of tar entries (got ${describe(entries)}); ${
        built ? "pass the built layer's .entries" : "pass e.g. image.layers[0].entries"
      }`,
    );
  }
  const bad = entries.findIndex((entry) => typeof entry?.path !== "string");
  if (bad >= 0) {
    throw new TypeError(
      `Cannot ${call}: ${what}[${bad}] is not a tar entry { path, type, … } (got ${
        describe(entries[bad])
      }); pass e.g. image.layers[0].entries`,
    );
  }
}

/** Throw unless `layers` is an array of arrays of tar entries, bottom first. */
export function checkLayers(layers: unknown, call: string): void {
  if (!Array.isArray(layers)) {
    throw new TypeError(
      `Cannot ${call}: layers must be an array with one array of tar entries per layer (got ${
        describe(layers)
      }); pass image.layers.map((layer) => layer.entries)`,
    );
  }
  layers.forEach((entries, i) => {
    if (!Array.isArray(entries) && typeof entries?.path === "string") {
      throw new TypeError(
        `Cannot ${call}: layers[${i}] is a single tar entry; layers is an array of layers, each an array of entries: wrap one layer as [entries]`,
      );
    }
    checkEntries(entries, call, `layers[${i}]`);
  });
}

/** Throw unless `tree` is a file tree (a Map from path to node). */
export function checkTree(tree: unknown, call: string): void {
  if (!(tree instanceof Map)) {
    throw new TypeError(
      `Cannot ${call}: the tree must be a Map of path → node (got ${
        describe(tree)
      }); pass unpackBundle(image).rootfs, image.rootfs or applyLayers(…)`,
    );
  }
}
