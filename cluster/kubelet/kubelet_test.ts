import assert from "node:assert/strict";
import { buildImage, convertCpuSharesToWeight } from "@virt/container/mod.ts";
import { makeNode, makePod, parseManifests } from "../api/mod.ts";
import { netblockDriver } from "../csi/mod.ts";
import { Cluster } from "./cluster.ts";
import { Kubelet, podNetwork } from "./kubelet.ts";
import { milliCpuToQuota, milliCpuToShares, podResourceConfig, qosClass } from "./resources.ts";

const images = {
  "web:1": buildImage([{ files: { "/bin/web": "#!/bin/sh\n" } }], {
    config: { Entrypoint: ["/bin/web"], Cmd: ["--port", "80"], Env: ["PATH=/bin", "MODE=prod"] },
  }),
};

const WEB = `
kind: Pod
metadata: { name: web-0 }
spec:
  containers:
  - name: app
    image: web:1
    resources: { requests: { cpu: 250m }, limits: { cpu: 500m, memory: 128Mi } }
  - name: sidecar
    image: web:1
`;

Deno.test("milliCpuToQuota() matches upstream TestMilliCPUToQuota (pkg/kubelet/cm/helpers_linux_test.go)", () => {
  // {input, quota} pairs verbatim from the upstream table; period 100000 µs.
  const cases: [number, number][] = [
    [0, 0],
    [5, 1000],
    [9, 1000],
    [10, 1000],
    [200, 20000],
    [500, 50000],
    [1000, 100000],
    [1500, 150000],
  ];
  for (const [input, quota] of cases) assert.equal(milliCpuToQuota(input), quota, `input ${input}`);
});

Deno.test("milliCpuToShares() is ⌊milli·1024/1000⌋ clamped to [2, 262144]", () => {
  // Worked by hand from MilliCPUToShares: 0 → MinShares; 1 → ⌊1.024⌋ = 1 → 2; 250 → 256;
  // 1000 → 1024; 300 CPUs → 307200 → MaxShares.
  assert.deepEqual([0, 1, 250, 1000, 300000].map(milliCpuToShares), [2, 2, 256, 1024, 262144]);
  assert.throws(() => milliCpuToShares(-1), /whole number of millicores/);
});

Deno.test("qosClass() follows GetPodQOS, a limit alone counting as the request", () => {
  const pod = (resources: string) =>
    parseManifests(
      `kind: Pod\nmetadata: { name: p }\nspec:\n  containers:\n  - name: c\n    resources: ${resources}\n`,
    ).pods[0];
  assert.equal(qosClass(pod("{}")), "BestEffort");
  assert.equal(qosClass(pod("{ limits: { cpu: 1, memory: 1Gi } }")), "Guaranteed");
  assert.equal(
    qosClass(pod("{ requests: { cpu: 1, memory: 1Gi }, limits: { cpu: 1, memory: 1Gi } }")),
    "Guaranteed",
  );
  assert.equal(
    qosClass(pod("{ requests: { cpu: 500m }, limits: { cpu: 1, memory: 1Gi } }")),
    "Burstable",
  );
  assert.equal(qosClass(pod("{ limits: { cpu: 1 } }")), "Burstable"); // no memory limit
});

Deno.test("syncPod() builds the pod: cgroup, CNI address, pause, containers in the sandbox's namespaces", async (t) => {
  const kubelet = new Kubelet("node-1", { images, network: podNetwork(0) });
  const status = kubelet.syncPod(parseManifests(WEB).pods[0]);
  const table = kubelet.runtime.table;

  await t.step("the pod runs with the bridge's address (loopback passes it on)", () => {
    assert.equal(status.phase, "Running");
    assert.equal(status.qosClass, "Burstable");
    assert.equal(status.cgroup, "/kubepods/burstable/pod1");
    assert.equal(status.podIP, "10.244.0.2");
  });

  await t.step("steps come in the kubelet's order", () => {
    assert.deepEqual(kubelet.steps.map((s) => `${s.component} ${s.action}`), [
      "kubelet pod cgroup",
      "cni ADD eth0",
      "runtime create+start pause",
      "image pull",
      "runtime config.json",
      "runtime create+start",
      "image pull",
      "runtime config.json",
      "runtime create+start",
      "kubelet Running",
    ]);
  });

  await t.step(
    "containers share the pause container's net, ipc and uts, not its pid namespace",
    () => {
      const pause = status.sandbox!.hostPid;
      for (const container of status.containers) {
        const pid = container.hostPid!;
        for (const kind of ["net", "ipc", "uts"] as const) {
          assert.equal(
            table.nsLink(pid, kind),
            table.nsLink(pause, kind),
            `${container.name} ${kind}`,
          );
        }
        assert.notEqual(table.nsLink(pid, "pid"), table.nsLink(pause, "pid"));
        assert.equal(container.pid, 1, "each container is pid 1 of its own pid namespace");
        assert.equal(table.hostname(pid), "web-0", "the pause container set the pod's hostname");
      }
    },
  );

  await t.step("argv and env come from the image (no command/args in the spec)", () => {
    assert.deepEqual(status.containers[0].args, ["/bin/web", "--port", "80"]);
  });

  await t.step(
    "requests and limits reach cgroup v2 through the kubelet's and runc's formulas",
    () => {
      const cgroups = kubelet.runtime.cgroups;
      const path = `${status.cgroup}/web-0-app`;
      // 250m → shares 256 (kubelet) → weight 1 + (256 − 2)·9999/262142 = 10.69 → 10 (runc)
      assert.equal(convertCpuSharesToWeight(256), 10);
      assert.equal(cgroups.read(path, "cpu.weight").trim(), "10");
      assert.equal(cgroups.read(path, "cpu.max").trim(), "50000 100000");
      assert.equal(cgroups.read(path, "memory.max").trim(), String(128 * 2 ** 20));
      // the pod as a whole (ResourceConfigForPod): Burstable, the sidecar sets no limits, so
      // shares only: 250m → 256 → weight 10, cpu.max and memory.max stay unlimited
      assert.equal(cgroups.read(status.cgroup, "cpu.weight").trim(), "10");
      assert.equal(cgroups.read(status.cgroup, "cpu.max").trim(), "max 100000");
      assert.equal(cgroups.read(status.cgroup, "memory.max").trim(), "max");
      // the sidecar has no requests: shares 2 → weight 1, no quota, no memory limit
      const sidecar = `${status.cgroup}/web-0-sidecar`;
      assert.equal(cgroups.read(sidecar, "cpu.weight").trim(), "1");
      assert.equal(cgroups.read(sidecar, "cpu.max").trim(), "max 100000");
    },
  );

  await t.step("killPod() tears down in reverse and frees everything", () => {
    kubelet.killPod("web-0");
    assert.deepEqual(kubelet.runtime.list(), []);
    assert.ok(!kubelet.runtime.cgroups.rows().some((row) => row.path.includes("pod1")));
    const tail = kubelet.steps.slice(-5).map((s) => `${s.component} ${s.action} ${s.detail}`);
    assert.deepEqual(tail, [
      "runtime kill+delete web-0-sidecar",
      "runtime kill+delete web-0-app",
      "cni DEL eth0 /var/run/netns/cni-web-0",
      "runtime kill+delete web-0-sandbox",
      "kubelet remove pod cgroup /kubepods/burstable/pod1",
    ]);
    assert.equal(kubelet.runs("web-0"), false);
  });
});

Deno.test("syncPod() reports a missing image as ErrImagePull, naming the images it has", () => {
  const kubelet = new Kubelet("node-1", { images, network: podNetwork(0) });
  const status = kubelet.syncPod(makePod("p", { image: "web:2" }));
  assert.equal(status.phase, "Pending");
  assert.equal(status.reason, "ErrImagePull");
  assert.equal(status.message, 'Failed to pull image "web:2": not found; images on node-1: web:1');
  assert.equal(status.containers[0].state, "waiting");
});

Deno.test("a claimed volume is made in the pod's zone, mounted before the sandbox, released after it", () => {
  const zones = [{ id: "n1", zone: "zone-a" }, { id: "n2", zone: "zone-b" }];
  const cluster = new Cluster(zones.map((z) => makeNode(z.id, { cpu: "4", memory: "8Gi" })), {
    seed: 1,
    images,
    csi: netblockDriver({ nodes: zones }),
  });
  // the driver would pick zone-a by itself; WaitForFirstConsumer makes it follow the pod to n2
  const status = cluster.run(makePod("db-0", { image: "web:1", nodeName: "n2" }), {
    claim: { name: "data-db-0", capacityBytes: 2 ** 30 },
  });
  assert.equal(status.phase, "Running", status.message ?? "");
  assert.equal(status.node, "n2");
  const calls = cluster.steps.map((s) => `${s.component} ${s.action}`);
  const at = (text: string) => calls.findIndex((call) => call.includes(text));
  assert.ok(at("NodePublishVolume") > at("ControllerPublishVolume"));
  assert.ok(at("NodePublishVolume") < at("cni ADD"), calls.join("\n"));
  cluster.stop("db-0");
  const after = cluster.steps.map((s) => `${s.component} ${s.action}`);
  const last = (text: string) => after.findLastIndex((call) => call.includes(text));
  assert.ok(last("NodeUnpublishVolume") > last("cni DEL"));
  assert.ok(last("DeleteVolume") > last("NodeUnpublishVolume"));
});

Deno.test("Cluster.run() schedules, starts and gives each node its own pod CIDR", () => {
  const nodes = ["n1", "n2", "n3"].map((name) => makeNode(name, { cpu: "2", memory: "4Gi" }));
  const cluster = new Cluster(nodes, { seed: 7, images });
  const statuses = Array.from(
    { length: 6 },
    (_, i) => cluster.run(makePod(`web-${i}`, { image: "web:1", cpu: "500m" })),
  );
  for (const status of statuses) {
    assert.equal(status.phase, "Running");
    const index = nodes.findIndex((node) => node.name === status.node);
    assert.match(status.podIP!, new RegExp(`^10\\.244\\.${index}\\.\\d+$`));
  }
  assert.equal(new Set(statuses.map((s) => s.podIP)).size, 6, "addresses are unique");
  // 3 nodes × 2 CPUs = 6 CPUs, 6 × 500m used: the next 4-CPU pod fits nowhere
  const big = cluster.run(makePod("big", { image: "web:1", cpu: "4" }));
  assert.equal(big.reason, "Unschedulable");
  assert.equal(big.message, "0/3 nodes are available: 3 Insufficient cpu.");
  assert.equal(cluster.steps.at(-1)?.action, "FailedScheduling");
  // the same seed places the same pods on the same nodes
  const again = new Cluster(nodes, { seed: 7, images });
  const placed = Array.from(
    { length: 6 },
    (_, i) => again.run(makePod(`web-${i}`, { image: "web:1", cpu: "500m" })).node,
  );
  assert.deepEqual(placed, statuses.map((s) => s.node));
});

Deno.test("Cluster names a bad option and the fix", () => {
  assert.throws(
    () => new Cluster([makeNode("n1")], { seed: 1, imges: {} } as never),
    /imges/,
  );
});

Deno.test("a high-priority pod preempts: its victims' kubelets stop them, then it runs", () => {
  const cluster = new Cluster([makeNode("n1", { cpu: "2", memory: "4Gi" })], { seed: 1, images });
  for (const name of ["batch-0", "batch-1"]) {
    assert.equal(cluster.run(makePod(name, { image: "web:1", cpu: "1" })).phase, "Running");
  }
  const urgent = cluster.run(makePod("urgent", { image: "web:1", cpu: "1", priority: 1000 }));
  assert.equal(urgent.phase, "Running", urgent.message ?? "");
  const kubelet = cluster.kubelets.get("n1")!;
  const running = ["batch-0", "batch-1"].filter((name) => kubelet.runs(name));
  assert.equal(running.length, 1, "one 1-CPU victim is enough, and only one is evicted");
  const preempt = cluster.steps.filter((s) => s.action === "preempt");
  assert.equal(preempt.length, 1);
  const stopAt = cluster.steps.findIndex((s) =>
    s.pod === preempt[0].pod && s.action === "kill+delete"
  );
  const startAt = cluster.steps.findIndex((s) => s.pod === "urgent" && s.action === "Running");
  assert.ok(stopAt > 0 && stopAt < startAt, "the victim stops before the preemptor starts");
  // a pod that may not preempt stays Pending
  const polite = cluster.run(
    makePod("polite", { image: "web:1", cpu: "1", priority: 2000, preemptionPolicy: "Never" }),
  );
  assert.equal(polite.reason, "Unschedulable");
});

Deno.test("the spec's command and args override the image's Entrypoint and Cmd", () => {
  const kubelet = new Kubelet("node-1", { images, network: podNetwork(0) });
  const [pod] = parseManifests(`
kind: Pod
metadata: { name: debug }
spec:
  containers:
  - { name: a, image: "web:1", args: ["--port", "9090"] }
  - { name: b, image: "web:1", command: ["/bin/sh"] }
  - { name: c, image: "web:1", command: ["/bin/sh", "-c"], args: ["echo hi"] }
`).pods;
  const status = kubelet.syncPod(pod);
  assert.deepEqual(status.containers.map((c) => c.args), [
    ["/bin/web", "--port", "9090"],
    ["/bin/sh"],
    ["/bin/sh", "-c", "echo hi"],
  ]);
});

Deno.test("podResourceConfig() follows ResourceConfigForPod for each QoS class", () => {
  const pod = (...containers: string[]) =>
    parseManifests(
      `kind: Pod\nmetadata: { name: p }\nspec:\n  containers:\n${
        containers.map((c, i) => `  - { name: c${i}, resources: ${c} }\n`).join("")
      }`,
    ).pods[0];
  const both = "{ requests: { cpu: 100m, memory: 100Mi }, limits: { cpu: 200m, memory: 200Mi } }";
  const exact = "{ limits: { cpu: 100m, memory: 100Mi } }";
  // Guaranteed: Σ requests 200m → shares 204; Σ limits 200m → quota 20000; memory 200Mi
  assert.deepEqual(podResourceConfig(pod(exact, exact)), {
    shares: 204,
    quota: 20000,
    period: 100000,
    memory: 200 * 2 ** 20,
  });
  // Burstable, every container limited: quota from Σ limits 400m, memory Σ 400Mi
  assert.deepEqual(podResourceConfig(pod(both, both)), {
    shares: 204,
    quota: 40000,
    period: 100000,
    memory: 400 * 2 ** 20,
  });
  // Burstable, one container without limits: shares only
  assert.deepEqual(podResourceConfig(pod(both, "{ requests: { cpu: 100m } }")), { shares: 204 });
  // BestEffort: MinShares
  assert.deepEqual(podResourceConfig(pod("{}")), { shares: 2 });
});
