// Oracle: interpodaffinity/filtering_test.go — TestRequiredAffinitySingleNode cases ported
// with their names and expected PreFilter/Filter statuses (Kubernetes ≥ 1.27 reason strings).
// Upstream's namespace "" is our "default"; st.MakePod().PodAffinityIn(key, topologyKey,
// values) is a required term {labelSelector: key In values, topologyKey}. Not ported: the
// namespaceSelector and invalid-label-syntax cases (not modelled), and the case whose
// existing pod sits on a node that is not in the snapshot.
import assert from "node:assert/strict";
import { makeNode, makePod, type Pod, type PodOptions } from "@cluster/api/mod.ts";
import { CycleState, Snapshot, type Status } from "@cluster/framework/mod.ts";
import { newInterPodAffinity, REASONS } from "./mod.ts";

type Op = "In" | "NotIn" | "Exists" | "DoesNotExist";
const expr = (key: string, operator: Op, values: string[] = []) => ({ key, operator, values });
const term = (topologyKey: string, ...matchExpressions: ReturnType<typeof expr>[]) => ({
  labelSelector: { matchExpressions },
  topologyKey,
});
const required = (...terms: unknown[]) => ({
  requiredDuringSchedulingIgnoredDuringExecution: terms,
});

const podLabel = { service: "securityscan" };
const podLabel2 = { security: "S1" };
const node1 = () => makeNode("node1", { labels: { region: "r1", zone: "z11" } });
let count = 0;
const pod = (options: PodOptions) => makePod(`p${count++}`, options);
const existing = () => pod({ labels: podLabel, nodeName: "node1" });

function run(incoming: Pod, pods: Pod[]): { preFilter: Status | null; filter?: Status | null } {
  const snapshot = new Snapshot([node1()], pods);
  const plugin = newInterPodAffinity();
  const state = new CycleState();
  const preFilter = plugin.preFilter(state, incoming, { snapshot });
  if (preFilter !== null) return { preFilter };
  return { preFilter, filter: plugin.filter(state, incoming, snapshot.get("node1")) };
}
const passes = (r: ReturnType<typeof run>) =>
  assert.deepEqual(r, { preFilter: null, filter: null });
const fails = (r: ReturnType<typeof run>, code: string, reason: string) =>
  assert.deepEqual(r.filter, { code, reasons: [reason] });
const AFFINITY = REASONS.affinityRulesNotMatch;
const ANTI = REASONS.antiAffinityRulesNotMatch;
const EXISTING = REASONS.existingAntiAffinityRulesNotMatch;

Deno.test("InterPodAffinity filter reproduces TestRequiredAffinitySingleNode", async (t) => {
  await t.step(
    "A pod that has no required pod affinity scheduling rules can schedule onto a node with no existing pods",
    () => {
      assert.deepEqual(run(pod({}), []).preFilter, { code: "Skip", reasons: [] });
    },
  );
  await t.step(
    "satisfies with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using In operator that matches the existing pod",
    () => {
      passes(
        run(
          pod({
            labels: podLabel2,
            podAffinity: required(
              term("region", expr("service", "In", ["securityscan", "value2"])),
            ),
          }),
          [existing()],
        ),
      );
    },
  );
  await t.step(
    "satisfies the pod with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using not in operator in labelSelector that matches the existing pod",
    () => {
      passes(
        run(
          pod({
            labels: podLabel2,
            podAffinity: required(
              term("region", expr("service", "NotIn", ["securityscan3", "value3"])),
            ),
          }),
          [existing()],
        ),
      );
    },
  );
  await t.step(
    "Does not satisfy the PodAffinity with labelSelector because of diff Namespace",
    () => {
      const incoming = pod({
        labels: podLabel2,
        podAffinity: required({
          ...term("", expr("service", "In", ["securityscan", "value2"])),
          namespaces: ["DiffNameSpace"],
        }),
      });
      fails(
        run(incoming, [pod({ namespace: "ns", labels: podLabel, nodeName: "node1" })]),
        "UnschedulableAndUnresolvable",
        AFFINITY,
      );
    },
  );
  await t.step(
    "Doesn't satisfy the PodAffinity because of unmatching labelSelector with the existing pod",
    () => {
      fails(
        run(
          pod({
            labels: podLabel,
            podAffinity: required(term("", expr("service", "In", ["antivirusscan", "value2"]))),
          }),
          [existing()],
        ),
        "UnschedulableAndUnresolvable",
        AFFINITY,
      );
    },
  );
  await t.step(
    "satisfies the PodAffinity with different label Operators in multiple RequiredDuringSchedulingIgnoredDuringExecution ",
    () => {
      const incoming = pod({
        labels: podLabel2,
        podAffinity: required(
          term("region", expr("service", "Exists"), expr("wrongkey", "DoesNotExist")),
          term(
            "region",
            expr("service", "In", ["securityscan"]),
            expr("service", "NotIn", ["WrongValue"]),
          ),
        ),
      });
      passes(run(incoming, [existing()]));
    },
  );
  await t.step(
    "The labelSelector requirements(items of matchExpressions) are ANDed, the pod cannot schedule onto the node because one of the matchExpression item don't match.",
    () => {
      const incoming = pod({
        labels: podLabel2,
        podAffinity: required(
          term("region", expr("service", "Exists"), expr("wrongkey", "DoesNotExist")),
          term(
            "region",
            expr("service", "In", ["securityscan2"]),
            expr("service", "NotIn", ["WrongValue"]),
          ),
        ),
      });
      fails(run(incoming, [existing()]), "UnschedulableAndUnresolvable", AFFINITY);
    },
  );
  const affinityIn = required(term("region", expr("service", "In", ["securityscan", "value2"])));
  const antiNode = required(term("node", expr("service", "In", ["antivirusscan", "value2"])));
  const antiZone = required(term("zone", expr("service", "In", ["securityscan", "value2"])));
  await t.step("satisfies the PodAffinity and PodAntiAffinity with the existing pod", () => {
    passes(
      run(pod({ labels: podLabel2, podAffinity: affinityIn, podAntiAffinity: antiNode }), [
        existing(),
      ]),
    );
  });
  await t.step(
    "satisfies the PodAffinity and PodAntiAffinity and PodAntiAffinity symmetry with the existing pod",
    () => {
      passes(run(pod({ labels: podLabel2, podAffinity: affinityIn, podAntiAffinity: antiNode }), [
        pod({ labels: podLabel, nodeName: "node1", podAntiAffinity: antiNode }),
      ]));
    },
  );
  await t.step(
    "satisfies the PodAffinity but doesn't satisfy the PodAntiAffinity with the existing pod",
    () => {
      fails(
        run(pod({ labels: podLabel2, podAffinity: affinityIn, podAntiAffinity: antiZone }), [
          existing(),
        ]),
        "Unschedulable",
        ANTI,
      );
    },
  );
  await t.step(
    "satisfies the PodAffinity and PodAntiAffinity but doesn't satisfy PodAntiAffinity symmetry with the existing pod",
    () => {
      fails(
        run(pod({ labels: podLabel, podAffinity: affinityIn, podAntiAffinity: antiNode }), [
          pod({ labels: podLabel, nodeName: "node1", podAntiAffinity: antiZone }),
        ]),
        "Unschedulable",
        EXISTING,
      );
    },
  );
  await t.step(
    "verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. doesn't satisfy PodAntiAffinity symmetry with the existing pod",
    () => {
      fails(
        run(pod({ labels: podLabel }), [
          pod({ labels: podLabel, nodeName: "node1", podAntiAffinity: antiZone }),
        ]),
        "Unschedulable",
        EXISTING,
      );
    },
  );
  await t.step(
    "verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. satisfy PodAntiAffinity symmetry with the existing pod",
    () => {
      const notIn = required(term("zone", expr("service", "NotIn", ["securityscan", "value2"])));
      assert.deepEqual(
        run(pod({ labels: podLabel }), [
          pod({ labels: podLabel, nodeName: "node1", podAntiAffinity: notIn }),
        ]).preFilter,
        { code: "Skip", reasons: [] },
      );
    },
  );
  const exists = (key: string, topologyKey: string) => term(topologyKey, expr(key, "Exists"));
  await t.step(
    "satisfies the PodAntiAffinity with existing pod but doesn't satisfy PodAntiAffinity symmetry with incoming pod",
    () => {
      fails(
        run(
          pod({
            labels: podLabel,
            podAntiAffinity: required(exists("service", "region"), exists("security", "region")),
          }),
          [
            pod({
              labels: podLabel2,
              nodeName: "node1",
              podAntiAffinity: required(exists("security", "zone")),
            }),
          ],
        ),
        "Unschedulable",
        ANTI,
      );
    },
  );
  await t.step(
    "PodAntiAffinity symmetry check a1: incoming pod and existing pod partially match each other on AffinityTerms",
    () => {
      fails(
        run(
          pod({
            labels: podLabel,
            podAntiAffinity: required(exists("service", "zone"), exists("security", "zone")),
          }),
          [
            pod({
              labels: podLabel2,
              nodeName: "node1",
              podAntiAffinity: required(exists("security", "zone")),
            }),
          ],
        ),
        "Unschedulable",
        ANTI,
      );
    },
  );
  await t.step(
    "PodAntiAffinity symmetry check a2: incoming pod and existing pod partially match each other on AffinityTerms",
    () => {
      fails(
        run(pod({ labels: podLabel2, podAntiAffinity: required(exists("security", "zone")) }), [
          pod({
            labels: podLabel,
            nodeName: "node1",
            podAntiAffinity: required(exists("service", "zone"), exists("security", "zone")),
          }),
        ]),
        "Unschedulable",
        EXISTING,
      );
    },
  );
  const both = required(exists("abc", "zone"), exists("def", "zone"));
  await t.step(
    "PodAntiAffinity symmetry check b1: incoming pod and existing pod partially match each other on AffinityTerms",
    () => {
      fails(
        run(pod({ labels: { abc: "", xyz: "" }, podAntiAffinity: both }), [
          pod({ labels: { def: "", xyz: "" }, nodeName: "node1", podAntiAffinity: both }),
        ]),
        "Unschedulable",
        ANTI,
      );
    },
  );
  await t.step(
    "PodAntiAffinity symmetry check b2: incoming pod and existing pod partially match each other on AffinityTerms",
    () => {
      fails(
        run(pod({ labels: { def: "", xyz: "" }, podAntiAffinity: both }), [
          pod({ labels: { abc: "", xyz: "" }, nodeName: "node1", podAntiAffinity: both }),
        ]),
        "Unschedulable",
        ANTI,
      );
    },
  );
});

Deno.test("InterPodAffinity lets the first pod of a self-affine group in (filtering.go satisfyPodAffinity)", () => {
  const together = required(term("zone", expr("app", "In", ["cache"])));
  passes(run(pod({ labels: { app: "cache" }, podAffinity: together }), []));
  // A pod that does not match its own term has nobody to join.
  fails(
    run(pod({ labels: { app: "web" }, podAffinity: together }), []),
    "UnschedulableAndUnresolvable",
    AFFINITY,
  );
});

// TestRequiredAffinityMultipleNodes: the same filter over several nodes; one expected status
// per node (null = passes). st.MakePod().PodAntiAffinityExists(key, topologyKey) is a
// required term {labelSelector: key Exists, topologyKey}.
function runMany(incoming: Pod, pods: Pod[], nodes: [string, Record<string, string>][]) {
  const snapshot = new Snapshot(nodes.map(([name, labels]) => makeNode(name, { labels })), pods);
  const plugin = newInterPodAffinity();
  const state = new CycleState();
  const preFilter = plugin.preFilter(state, incoming, { snapshot });
  if (preFilter !== null) return preFilter.code;
  return snapshot.nodes.map((n) => plugin.filter(state, incoming, n));
}
const anti = (code: string, reason: string) => ({ code, reasons: [reason] });
const U = (reason: string) => anti("Unschedulable", reason);
const UU = (reason: string) => anti("UnschedulableAndUnresolvable", reason);

Deno.test("InterPodAffinity filter reproduces TestRequiredAffinityMultipleNodes", async (t) => {
  const rgChina = { region: "China" };
  const rgChinaAz1 = { region: "China", az: "az1" };
  const rgIndia = { region: "India" };
  const exists = (key: string, topologyKey: string) => term(topologyKey, expr(key, "Exists"));
  const inTerm = (key: string, topologyKey: string, values: string[]) =>
    term(topologyKey, expr(key, "In", values));
  const ab = (zone: string) => ({ region: "r1", zone, hostname: "" });
  await t.step(
    "A pod can be scheduled onto all the nodes that have the same topology key & label value with one of them has an existing pod that matches the affinity rules",
    () => {
      assert.deepEqual(
        runMany(pod({ podAffinity: required(inTerm("foo", "region", ["bar"])) }), [
          pod({ nodeName: "node1", labels: { foo: "bar" } }),
        ], [["node1", rgChina], ["node2", rgChinaAz1], ["node3", rgIndia]]),
        [null, null, UU(AFFINITY)],
      );
    },
  );
  const collection = pod({
    labels: { foo: "bar", service: "securityscan" },
    podAffinity: required(
      inTerm("foo", "zone", ["bar"]),
      inTerm("service", "zone", ["securityscan"]),
    ),
  });
  await t.step(
    "The affinity rule is to schedule all of the pods of this collection to the same zone. The first pod of the collection should not be blocked from being scheduled onto any node, even there's no existing pod that matches the rule anywhere.",
    () => {
      assert.deepEqual(
        runMany(collection, [pod({ nodeName: "nodeA", labels: { foo: "bar" } })], [["nodeA", {
          zone: "az1",
          hostname: "h1",
        }], ["nodeB", { zone: "az2", hostname: "h2" }]]),
        [null, null],
      );
    },
  );
  await t.step(
    "The first pod of the collection can only be scheduled on nodes labelled with the requested topology keys",
    () => {
      assert.deepEqual(
        runMany(collection, [pod({ nodeName: "nodeA", labels: { foo: "bar" } })], [["nodeA", {
          zoneLabel: "az1",
          hostname: "h1",
        }], ["nodeB", { zoneLabel: "az2", hostname: "h2" }]]),
        [UU(AFFINITY), UU(AFFINITY)],
      );
    },
  );
  await t.step(
    "NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB.",
    () => {
      assert.deepEqual(
        runMany(pod({ podAntiAffinity: required(inTerm("foo", "region", ["abc"])) }), [
          pod({ nodeName: "nodeA", labels: { foo: "abc" } }),
        ], [["nodeA", { region: "r1", hostname: "nodeA" }], ["nodeB", {
          region: "r1",
          hostname: "nodeB",
        }]]),
        [U(ANTI), U(ANTI)],
      );
    },
  );
  await t.step(
    "This test ensures that anti-affinity matches a pod when any term of the anti-affinity rule matches a pod.",
    () => {
      assert.deepEqual(
        runMany(
          pod({
            podAntiAffinity: required(
              inTerm("foo", "region", ["abc"]),
              inTerm("service", "zone", ["securityscan"]),
            ),
          }),
          [pod({ nodeName: "nodeA", labels: { foo: "abc", service: "securityscan" } })],
          [["nodeA", { region: "r1", zone: "z1", hostname: "nodeA" }], ["nodeB", {
            region: "r1",
            zone: "z2",
            hostname: "nodeB",
          }]],
        ),
        [U(ANTI), U(ANTI)],
      );
    },
  );
  await t.step(
    "NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB but can be scheduled onto nodeC",
    () => {
      assert.deepEqual(
        runMany(pod({ podAntiAffinity: required(inTerm("foo", "region", ["abc"])) }), [
          pod({ nodeName: "nodeA", labels: { foo: "abc" } }),
        ], [["nodeA", rgChina], ["nodeB", rgChinaAz1], ["nodeC", rgIndia]]),
        [U(ANTI), U(ANTI), null],
      );
    },
  );
  await t.step(
    "NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA, nodeB, but can be scheduled onto nodeC (NodeC has an existing pod that match the inter pod affinity rule but in different namespace)",
    () => {
      assert.deepEqual(
        runMany(
          pod({
            namespace: "NS1",
            labels: { foo: "123" },
            podAntiAffinity: required(inTerm("foo", "region", ["bar"])),
          }),
          [
            pod({ nodeName: "nodeA", namespace: "NS1", labels: { foo: "bar" } }),
            pod({
              nodeName: "nodeC",
              namespace: "NS2",
              podAntiAffinity: required(inTerm("foo", "region", ["123"])),
            }),
          ],
          [["nodeA", rgChina], ["nodeB", rgChinaAz1], ["nodeC", rgIndia]],
        ),
        [U(ANTI), U(ANTI), null],
      );
    },
  );
  await t.step(
    "Test existing pod's anti-affinity: if an existing pod has a term with invalid topologyKey, labelSelector of the term is firstly checked, and then topologyKey of the term is also checked",
    () => {
      assert.equal(
        runMany(pod({ labels: { foo: "" } }), [
          pod({
            nodeName: "nodeA",
            podAntiAffinity: required(exists("foo", "invalid-node-label")),
          }),
        ], [["nodeA", ab("z1")], ["nodeB", ab("z1")]]),
        "Skip",
      );
    },
  );
  await t.step(
    "Test incoming pod's anti-affinity: even if labelSelector matches, we still check if topologyKey matches",
    () => {
      assert.deepEqual(
        runMany(pod({ podAntiAffinity: required(exists("foo", "invalid-node-label")) }), [
          pod({ nodeName: "nodeA", labels: { foo: "" } }),
        ], [["nodeA", ab("z1")], ["nodeB", ab("z1")]]),
        [null, null],
      );
    },
  );
  await t.step(
    "Test existing pod's anti-affinity: incoming pod wouldn't considered as a fit as it violates each existingPod's terms on all nodes",
    () => {
      assert.deepEqual(
        runMany(pod({ labels: { foo: "", bar: "" } }), [
          pod({ nodeName: "nodeA", podAntiAffinity: required(exists("foo", "zone")) }),
          pod({ nodeName: "nodeA", podAntiAffinity: required(exists("bar", "region")) }),
        ], [["nodeA", ab("z1")], ["nodeB", ab("z2")]]),
        [U(EXISTING), U(EXISTING)],
      );
    },
  );
  await t.step(
    "Test incoming pod's anti-affinity: incoming pod wouldn't considered as a fit as it at least violates one anti-affinity rule of existingPod",
    () => {
      assert.deepEqual(
        runMany(
          pod({ podAntiAffinity: required(exists("foo", "zone"), exists("bar", "region")) }),
          [
            pod({ nodeName: "nodeA", labels: { foo: "" } }),
            pod({ nodeName: "nodeB", labels: { bar: "" } }),
          ],
          [["nodeA", ab("z1")], ["nodeB", ab("z2")]],
        ),
        [U(ANTI), U(ANTI)],
      );
    },
  );
  await t.step(
    "Test existing pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when one term has invalid topologyKey",
    () => {
      assert.deepEqual(
        runMany(pod({ labels: { foo: "", bar: "" } }), [
          pod({
            nodeName: "nodeA",
            podAntiAffinity: required(exists("foo", "invalid-node-label"), exists("bar", "zone")),
          }),
        ], [["nodeA", ab("z1")], ["nodeB", ab("z2")]]),
        [U(EXISTING), null],
      );
    },
  );
  await t.step(
    "Test incoming pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when one term has invalid topologyKey",
    () => {
      assert.deepEqual(
        runMany(
          pod({
            podAntiAffinity: required(exists("foo", "invalid-node-label"), exists("bar", "zone")),
          }),
          [
            pod({ nodeName: "nodeA", labels: { foo: "", bar: "" } }),
          ],
          [["nodeA", ab("z1")], ["nodeB", ab("z2")]],
        ),
        [U(ANTI), null],
      );
    },
  );
  await t.step(
    "Test existing pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when all terms have valid topologyKey",
    () => {
      assert.deepEqual(
        runMany(pod({ labels: { foo: "", bar: "" } }), [
          pod({
            nodeName: "nodeA",
            podAntiAffinity: required(exists("foo", "region"), exists("bar", "zone")),
          }),
        ], [["nodeA", ab("z1")], ["nodeB", ab("z2")]]),
        [U(EXISTING), U(EXISTING)],
      );
    },
  );
  await t.step(
    "Test incoming pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when all terms have valid topologyKey",
    () => {
      assert.deepEqual(
        runMany(
          pod({ podAntiAffinity: required(exists("foo", "region"), exists("bar", "zone")) }),
          [
            pod({ nodeName: "nodeA", labels: { foo: "", bar: "" } }),
          ],
          [["nodeA", ab("z1")], ["nodeB", ab("z2")]],
        ),
        [U(ANTI), U(ANTI)],
      );
    },
  );
});
