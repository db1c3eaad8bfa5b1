// Oracle: the rules of pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go and
// component-helpers nodeaffinity (terms ORed, requirements ANDed, empty term matches
// nothing), with scores worked by hand from DefaultNormalizeScore.
import assert from "node:assert/strict";
import { makeNode, makePod } from "@cluster/api/mod.ts";
import { CycleState, Snapshot } from "@cluster/framework/mod.ts";
import { newNodeAffinity, REASONS } from "./mod.ts";

const nodes = [
  makeNode("n1", { labels: { zone: "a", disk: "ssd", cores: "16" } }),
  makeNode("n2", { labels: { zone: "b", disk: "hdd", cores: "4" } }),
  makeNode("n3", { labels: { zone: "c" } }),
];
const snapshot = new Snapshot(nodes);
const plugin = newNodeAffinity();
const passes = (pod: ReturnType<typeof makePod>) =>
  snapshot.nodes.filter((n) => plugin.filter(new CycleState(), pod, n) === null).map((n) => n.name);

Deno.test("NodeAffinity filter: nodeSelector ANDs labels; required terms are ORed, requirements ANDed", () => {
  assert.deepEqual(passes(makePod("p", { nodeSelector: { zone: "a", disk: "ssd" } })), ["n1"]);
  const required = (terms: unknown[]) =>
    makePod("p", {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms },
      },
    });
  assert.deepEqual(
    passes(required([
      {
        matchExpressions: [{ key: "zone", operator: "In", values: ["a", "b"] }, {
          key: "cores",
          operator: "Gt",
          values: ["8"],
        }],
      },
      { matchExpressions: [{ key: "disk", operator: "DoesNotExist" }] },
    ])),
    ["n1", "n3"],
  );
  assert.deepEqual(
    passes(required([{ matchFields: [{ key: "metadata.name", operator: "In", values: ["n2"] }] }])),
    ["n2"],
  );
  assert.deepEqual(passes(required([{}])), [], "an empty term matches nothing");
  const status = plugin.filter(
    new CycleState(),
    makePod("p", { nodeSelector: { zone: "z" } }),
    snapshot.nodes[0],
  );
  assert.deepEqual([status?.code, status?.reasons[0]], [
    "UnschedulableAndUnresolvable",
    REASONS.pod,
  ]);
});

Deno.test("NodeAffinity score: Σ weights of matching preferred terms, normalized to the best node", () => {
  const pod = makePod("p", {
    nodeAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        {
          weight: 2,
          preference: { matchExpressions: [{ key: "zone", operator: "In", values: ["a", "b"] }] },
        },
        {
          weight: 6,
          preference: { matchExpressions: [{ key: "disk", operator: "In", values: ["ssd"] }] },
        },
      ],
    },
  });
  const list = snapshot.nodes.map((n) => ({
    name: n.name,
    score: plugin.score(new CycleState(), pod, n),
  }));
  assert.deepEqual(list.map((s) => s.score), [8, 2, 0]);
  plugin.normalizeScore(new CycleState(), pod, list);
  assert.deepEqual(list.map((s) => s.score), [100, 25, 0]); // 100 × 2 / 8 = 25
});
