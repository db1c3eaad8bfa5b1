/**
 * ImageLocality (`plugins/imagelocality/image_locality.go`): prefer nodes that already
 * hold the pod's images, scaled by how widespread each image is (an image on every node
 * says little), clamped between thresholds so tiny images do not count.
 *
 * ```
 *   scaled(image) = ⌊ size × (nodes having it / all nodes) ⌋
 *   sum = Σ over init and app containers whose image is on the node: scaled(image)
 *   maxThreshold = 1000 MiB × number of containers;  minThreshold = 23 MiB
 *   sum clamped to [minThreshold, maxThreshold]
 *   score = 100 × (sum − minThreshold) / (maxThreshold − minThreshold)      (integer)
 * ```
 *
 * @module
 */

import type { Pod } from "@cluster/api/mod.ts";
import {
  type CycleState,
  type Handle,
  MAX_NODE_SCORE,
  type NodeInfo,
  type ScorePlugin,
} from "@cluster/framework/mod.ts";

/**
 * Registry name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NAME } from "./image_locality.ts";
 * assert.equal(NAME, "ImageLocality");
 * ```
 */
export const NAME = "ImageLocality";

const MB = 1024 * 1024;
/**
 * image_locality.go `minThreshold`: 23 MiB.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MIN_THRESHOLD } from "./image_locality.ts";
 * assert.equal(MIN_THRESHOLD, 23 * 2 ** 20);
 * ```
 */
export const MIN_THRESHOLD = 23 * MB;
/**
 * image_locality.go `maxContainerThreshold`: 1000 MiB per container.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MAX_CONTAINER_THRESHOLD } from "./image_locality.ts";
 * assert.equal(MAX_CONTAINER_THRESHOLD, 1000 * 2 ** 20);
 * ```
 */
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/**
 * calculatePriority: the clamped sum on 0–100.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { imagePriority } from "./image_locality.ts";
 * assert.equal(imagePriority(0, 1), 0);
 * assert.equal(imagePriority(1000 * 2 ** 20, 1), 100);
 * ```
 */
export function imagePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  const sum = Math.min(Math.max(sumScores, MIN_THRESHOLD), maxThreshold);
  return Math.trunc((MAX_NODE_SCORE * (sum - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

/**
 * The ImageLocality plugin.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeNode, makePod } from "@cluster/api/mod.ts";
 * import { CycleState, Snapshot } from "@cluster/framework/mod.ts";
 * import { newImageLocality } from "./image_locality.ts";
 * const big = { names: ["ml:v1"], sizeBytes: 500 * 2 ** 20 };
 * const snapshot = new Snapshot([makeNode("a", { images: [big] }), makeNode("b")]);
 * const pod = makePod("p", { image: "ml:v1" });
 * const plugin = newImageLocality();
 * // 500 MiB × 1/2 = 250 MiB → 100 × (250 − 23) / (1000 − 23) = 23
 * assert.equal(plugin.score(new CycleState(), pod, snapshot.nodes[0], { snapshot }), 23);
 * ```
 */
export function newImageLocality(_args?: unknown): ScorePlugin {
  return {
    name: NAME,
    score(_state: CycleState, pod: Pod, node: NodeInfo, handle?: Handle): number {
      if (!handle) {
        throw new TypeError(
          `${NAME}.score needs the handle (the cycle's snapshot) as 4th argument`,
        );
      }
      const total = handle.snapshot.nodes.length;
      let sum = 0;
      const containers = [...pod.initContainers, ...pod.containers];
      for (const container of containers) {
        if (container.image === "") continue;
        const size = handle.snapshot.imageSize(node, container.image);
        if (size === undefined) continue;
        sum += Math.trunc(size * (handle.snapshot.imageNodeCount(container.image) / total));
      }
      return imagePriority(sum, containers.length);
    },
  };
}
