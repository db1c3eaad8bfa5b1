import assert from "node:assert/strict";
import { CsiCluster } from "./orchestrator.ts";
import { hostpathDriver } from "./drivers/hostpath.ts";
import { netblockDriver } from "./drivers/netblock.ts";

const GIB = 2 ** 30;
const calls = (c: CsiCluster) =>
  c.trace.filter((r) => r.component !== "registration").map((r) =>
    `${r.component} ${r.call} ${r.code}`
  );

Deno.test("CsiCluster drives a pod's volume in lifecycle order", async (t) => {
  await t.step("netblock: provision, attach, stage, publish, then the reverse", () => {
    const cluster = new CsiCluster(netblockDriver());
    const up = cluster.startPod("db-0", {
      name: "data-db-0",
      capacityBytes: 5 * GIB,
      preferred: ["zone-b"],
    });
    assert.ok(up.ok && up.node === "node-b1");
    assert.ok(cluster.stopPod("db-0"));
    assert.deepEqual(calls(cluster), [
      "external-provisioner CreateVolume OK",
      "external-attacher ControllerPublishVolume OK",
      "kubelet NodeStageVolume OK",
      "kubelet NodePublishVolume OK",
      "kubelet NodeUnpublishVolume OK",
      "kubelet NodeUnstageVolume OK",
      "external-attacher ControllerUnpublishVolume OK",
      "external-provisioner DeleteVolume OK",
    ]);
    assert.deepEqual([...new Set(cluster.trace.map((r) => r.t))].length, cluster.trace.length);
  });
  await t.step("hostpath skips attach and stage", () => {
    const cluster = new CsiCluster(hostpathDriver());
    assert.ok(cluster.startPod("p", { name: "c", capacityBytes: 1 }).ok);
    cluster.stopPod("p");
    assert.deepEqual(calls(cluster).map((s) => s.split(" ")[1]), [
      "CreateVolume",
      "NodePublishVolume",
      "NodeUnpublishVolume",
      "DeleteVolume",
    ]);
  });
  await t.step("the third pod on a node hits max_volumes_per_node and stops there", () => {
    const cluster = new CsiCluster(netblockDriver({ maxVolumesPerNode: 2 }));
    for (const i of [0, 1]) {
      assert.ok(
        cluster.startPod(
          `p${i}`,
          { name: `c${i}`, capacityBytes: GIB, requisite: ["zone-a"] },
          "node-a1",
        ).ok,
      );
    }
    const third = cluster.startPod(
      "p2",
      { name: "c2", capacityBytes: GIB, requisite: ["zone-a"] },
      "node-a1",
    );
    assert.ok(!third.ok);
    assert.equal(third.failed.call, "ControllerPublishVolume");
    assert.equal(third.failed.code, "RESOURCE_EXHAUSTED");
  });
  await t.step("a typo in the claim is a helpful error", () => {
    const cluster = new CsiCluster(hostpathDriver());
    assert.throws(
      () => cluster.startPod("p", { name: "c", capacityBytes: -1 }),
      /claim\.capacityBytes/,
    );
    assert.throws(() => cluster.stopPod("nope"), /it is not running/);
  });
  await t.step("startPod() of a running pod says it is running and how to restart it", () => {
    const cluster = new CsiCluster(hostpathDriver());
    cluster.startPod("p", { name: "c", capacityBytes: 1024 });
    assert.throws(() => cluster.startPod("p", { name: "c", capacityBytes: 1024 }), {
      name: "RangeError",
      message:
        /Cannot start pod p: it is already running on node-1 with hostpath-1; stopPod\("p"\) first/,
    });
  });
  await t.step("stopPod() twice says the pod is no longer running", () => {
    const cluster = new CsiCluster(hostpathDriver());
    cluster.startPod("p", { name: "c", capacityBytes: 1024 });
    cluster.stopPod("p");
    assert.throws(
      () => cluster.stopPod("p"),
      /Cannot stop pod p: it is not running.*already stopped/,
    );
  });
  await t.step("a driver factory instead of a driver is a TypeError naming the fix", () => {
    assert.throws(() => new CsiCluster(hostpathDriver as never), {
      name: "TypeError",
      message: /driver must be a CsiDriver object \(got function\); call the factory first/,
    });
    assert.throws(
      () => new CsiCluster(undefined as never),
      /driver must be a CsiDriver object \(got undefined\)/,
    );
  });
});
