import assert from "node:assert/strict";
import { makePod, parseManifests, podRequests } from "./mod.ts";

const CLUSTER = `
apiVersion: v1
kind: Node
metadata:
  name: worker-1
  labels: {topology.kubernetes.io/zone: a}
spec:
  taints: [{key: dedicated, value: gpu, effect: NoSchedule}]
status:
  capacity: {cpu: "8", memory: 32Gi, pods: "110"}
  allocatable: {cpu: 7800m, memory: 30Gi}
  images:
    - names: ["registry.k8s.io/pause:3.10"]
      sizeBytes: 320000
---
# an empty document is skipped
---
apiVersion: v1
kind: Pod
metadata: {name: web-1, labels: {app: web}}
spec:
  priority: 100
  initContainers:
    - {name: migrate, resources: {requests: {cpu: "2", memory: 64Mi}}}
  containers:
    - name: app
      image: nginx:1.27
      resources: {requests: {cpu: 500m, memory: 256Mi}, limits: {cpu: "1"}}
      ports: [{containerPort: 80, hostPort: 8080}]
    - {name: sidecar, resources: {requests: {cpu: 100m}}}
  overhead: {cpu: 50m}
  tolerations: [{key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}]
  topologySpreadConstraints:
    - maxSkew: 1
      topologyKey: topology.kubernetes.io/zone
      whenUnsatisfiable: DoNotSchedule
      labelSelector: {matchLabels: {app: web}}
`;

Deno.test("parseManifests() reads a multi-document cluster into nodes and pods", () => {
  const { nodes, pods } = parseManifests(CLUSTER);
  assert.equal(nodes.length, 1);
  assert.equal(pods.length, 1);
  const [node] = nodes;
  assert.deepEqual(node.allocatable, { cpu: 7800, memory: 30 * 2 ** 30, pods: 110 }); // allocatable over capacity
  assert.equal(node.labels["kubernetes.io/hostname"], "worker-1");
  assert.deepEqual(node.taints, [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }]);
  const [pod] = pods;
  assert.equal(pod.priority, 100);
  assert.equal(pod.containers[0].ports[0].hostPort, 8080);
  assert.equal(pod.tolerations[0].operator, "Equal");
  // max(500m + 100m, 2000m) + 50m overhead; memory max(256Mi, 64Mi)
  assert.deepEqual(podRequests(pod), { cpu: 2050, memory: 256 * 2 ** 20 });
  // scoring view: the sidecar's absent memory request counts as 200Mi
  assert.equal(podRequests(pod, { nonZero: true }).memory, 456 * 2 ** 20);
});

Deno.test("parseManifests() names the document, object and field path of a bad quantity", () => {
  const bad = CLUSTER.replace("cpu: 500m, memory: 256Mi", "cpu: 1 5, memory: 256Mi");
  assert.throws(
    () => parseManifests(bad),
    (e) =>
      e instanceof SyntaxError &&
      e.message.startsWith(
        "Cannot read manifest document 3 (Pod web-1): spec.containers[0].resources.requests.cpu: cannot parse quantity '1 5'",
      ),
  );
});

Deno.test("parseManifests() reports wrong shapes, unknown kinds and YAML errors", () => {
  assert.throws(
    () => parseManifests("kind: Pod\nmetadata: {name: p}\nspec: {containers: []}"),
    (e) =>
      e instanceof TypeError && /document 1 \(Pod p\): spec\.containers: .*>=1/.test(e.message),
  );
  assert.throws(
    () => parseManifests("kind: Deployment\nmetadata: {name: d}"),
    /kind must be Node or Pod \(got "Deployment"\)/,
  );
  assert.throws(
    () => parseManifests("kind: Node\nmetadata: {name: n\n"),
    (e) => e instanceof SyntaxError && /YAML error/.test(e.message),
  );
  assert.throws(
    () =>
      parseManifests(
        "kind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c}], tolerations: [{key: k, effect: Sometimes}]}",
      ),
    /spec\.tolerations\[0\]\.effect/,
  );
});

Deno.test("makePod() keeps 'not set' apart from an explicit 0 request", () => {
  const explicitZero = makePod("a", { cpu: 0, memory: 0 });
  const absent = makePod("b", {});
  assert.deepEqual(podRequests(explicitZero, { nonZero: true }), { cpu: 0, memory: 0 });
  assert.deepEqual(podRequests(absent, { nonZero: true }), { cpu: 100, memory: 200 * 2 ** 20 });
});

Deno.test("parseManifests() reads pod (anti-)affinity, preemptionPolicy, and names the field of a typo", () => {
  const { pods } = parseManifests(`
kind: Pod
metadata: {name: web-1, labels: {app: web}}
spec:
  priority: 100
  preemptionPolicy: Never
  containers: [{name: web}]
  affinity:
    podAntiAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        - labelSelector: {matchLabels: {app: web}}
          topologyKey: kubernetes.io/hostname
`);
  const term = pods[0].affinity.podAntiAffinity!.requiredDuringSchedulingIgnoredDuringExecution[0];
  assert.deepEqual(term.labelSelector?.matchLabels, { app: "web" });
  assert.deepEqual(term.namespaces, []); // empty: the pod's own namespace
  assert.equal(pods[0].preemptionPolicy, "Never");
  assert.throws(
    () =>
      parseManifests(
        "kind: Pod\nmetadata: {name: w}\nspec:\n  containers: [{name: c}]\n  preemptionPolicy: Nevr\n",
      ),
    /spec\.preemptionPolicy: Invalid option: expected one of "PreemptLowerPriority"\|"Never" \(got "Nevr"\)/,
  );
  assert.throws(
    () =>
      parseManifests(
        "kind: Pod\nmetadata: {name: w}\nspec:\n  containers: [{name: c}]\n  affinity:\n    podAffinity:\n      preferredDuringSchedulingIgnoredDuringExecution:\n        - {weight: 500, podAffinityTerm: {topologyKey: zone}}\n",
      ),
    /spec\.affinity\.podAffinity\.preferredDuringSchedulingIgnoredDuringExecution\[0\]\.weight: Too big/,
  );
});

Deno.test("parseManifests() rejects an unknown field, names its path and the closest known one", () => {
  const pod = (containerYaml: string) =>
    `kind: Pod\nmetadata: { name: web }\nspec:\n  containers:\n  - name: app\n    ${containerYaml}\n`;
  assert.throws(
    () => parseManifests(pod("resource: { requests: { cpu: 250m } }")),
    {
      name: "TypeError",
      message:
        'Cannot read manifest document 1 (Pod web): unknown field "spec.containers[0].resource"; ' +
        'did you mean "resources"? (an API server rejects it too: strict field validation)',
    },
  );
  assert.throws(
    () =>
      parseManifests("kind: Node\nmetadata: { name: n1 }\nstatus: { alocatable: { cpu: 2 } }\n"),
    /unknown field "status\.alocatable"; did you mean "allocatable"\?/,
  );
  // fields of real manifests the model does not use are accepted
  const [parsed] = parseManifests(pod(
    "image: nginx\n    command: [nginx]\n    args: [-g, daemon off;]\n    volumeMounts: [{ name: d, mountPath: /d }]",
  )).pods;
  assert.deepEqual(parsed.containers[0].command, ["nginx"]);
  assert.deepEqual(parsed.containers[0].args, ["-g", "daemon off;"]);
});
