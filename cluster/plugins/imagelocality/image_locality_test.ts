// Oracle: imagelocality/image_locality_test.go TestImageLocalityPriority — the current
// table (threshold 1000 MiB × containers), ported with its names, node images and scores.
import assert from "node:assert/strict";
import { makeNode, makePod } from "@cluster/api/mod.ts";
import { CycleState, Snapshot } from "@cluster/framework/mod.ts";
import { imagePriority, newImageLocality } from "./mod.ts";

const MB = 1024 * 1024;
const image = (name: string, size: number, ...aliases: string[]) => ({
  names: [`gcr.io/${name}:latest`, ...aliases],
  sizeBytes: size * MB,
});
const node403002000 = [
  image("40", 40, "gcr.io/40:v1"),
  image("300", 300, "gcr.io/300:v1"),
  image("2000", 2000),
];
const node25010 = [image("250", 250), image("10", 10, "gcr.io/10:v1")];
const node400030 = [image("4000", 4000), image("30", 30)];
const node203040 = [image("20", 20), image("30", 30), image("40", 40)];
const node60040900 = [image("600", 600), image("40", 40), image("900", 900)];
const node300600900 = [image("300", 300), image("600", 600), image("900", 900)];

function scores(images: string[], nodes: { names: string[]; sizeBytes: number }[][]): number[] {
  const snapshot = new Snapshot(nodes.map((imgs, i) => makeNode(`node${i + 1}`, { images: imgs })));
  const pod = makePod("p", { containers: images.map((i) => ({ image: `gcr.io/${i}` })) });
  const plugin = newImageLocality();
  return snapshot.nodes.map((n) => plugin.score(new CycleState(), pod, n, { snapshot }));
}

Deno.test("ImageLocality reproduces image_locality_test.go TestImageLocalityPriority", async (t) => {
  await t.step("two images spread on two nodes, prefer the larger image one", () => {
    // node1: 40M/2 < 23M → 0; node2: 100 × (250M/2 − 23M)/(1000M × 2 − 23M) = 5
    assert.deepEqual(scores(["40", "250"], [node403002000, node25010]), [0, 5]);
  });
  await t.step("two images on one node, prefer this node", () => {
    // node1: 100 × ((40M + 300M)/2 − 23M)/(1000M × 2 − 23M) = 7
    assert.deepEqual(scores(["40", "300"], [node403002000, node25010]), [7, 0]);
  });
  await t.step("if exceed limit, use limit", () => {
    // node1: 4000M × 1/2 ≥ 1000M × 2 → 100; node2: 10M/2 < 23M → 0
    assert.deepEqual(scores(["10", "4000"], [node400030, node25010]), [100, 0]);
  });
  await t.step("if exceed limit, use limit (with node which has no images present)", () => {
    // node1: 100 × (4000M/3 − 23M)/(1000M × 2 − 23M) = 66
    assert.deepEqual(scores(["10", "4000"], [node400030, node25010, []]), [66, 0, 0]);
  });
  await t.step("pods with multiple large images, node2 is preferred", () => {
    // node1: 100 × (600M × 2/3 + 900M × 2/3 − 23M)/(1000M × 3 − 23M) = 32
    // node2: 100 × (300M × 1/3 + 600M × 2/3 + 900M × 2/3 − 23M)/(1000M × 3 − 23M) = 36
    assert.deepEqual(scores(["300", "600", "900"], [node60040900, node300600900, []]), [32, 36, 0]);
  });
  await t.step("pod with multiple small images", () => {
    // node1: 100 × (30M + 40M × 1/2 − 23M)/(1000M × 2 − 23M) = 1; node2: 30M → 0
    assert.deepEqual(scores(["30", "40"], [node203040, node400030]), [1, 0]);
  });
  await t.step("calculatePriority clamps to the thresholds", () => {
    assert.equal(imagePriority(22 * MB, 1), 0);
    assert.equal(imagePriority(5000 * MB, 2), 100);
  });
});

Deno.test("ImageLocality normalizes names with :latest and counts init containers", () => {
  // "docker.io/library/sidecar" on the node matches the pod's "…sidecar:latest".
  // 40 MiB on 1 of 2 nodes → 20 MiB < 23 MiB → 0; 300 MiB on 1 of 2 → 150 MiB, with two
  // containers (one init): 100 × (150 − 23)/(2000 − 23) = 6.
  const snapshot = new Snapshot([
    makeNode("n1", {
      images: [{ names: ["docker.io/library/sidecar"], sizeBytes: 40 * MB }, {
        names: ["app:v2"],
        sizeBytes: 300 * MB,
      }],
    }),
    makeNode("n2"),
  ]);
  const plugin = newImageLocality();
  const sidecar = makePod("s", { image: "docker.io/library/sidecar:latest" });
  assert.equal(plugin.score(new CycleState(), sidecar, snapshot.nodes[0], { snapshot }), 0);
  const withInit = makePod("i", { image: "busybox", initContainers: [{ image: "app:v2" }] });
  assert.equal(plugin.score(new CycleState(), withInit, snapshot.nodes[0], { snapshot }), 6);
});
