// Oracle: the error tables of spec.md ("CreateVolume Errors", "ControllerPublishVolume Errors",
// "NodeStageVolume Errors", "NodePublishVolume Errors", "DeleteVolume Errors") — each step
// names the row it checks.
import assert from "node:assert/strict";
import { netblockDriver, ZONE_TOPOLOGY_KEY } from "./netblock.ts";
import type { VolumeCapability } from "../types.ts";

const GIB = 2 ** 30;
const RWO: VolumeCapability = {
  mount: { fs_type: "ext4" },
  access_mode: { mode: "SINGLE_NODE_WRITER" },
};
const zone = (z: string) => ({ segments: { [ZONE_TOPOLOGY_KEY]: z } });
const create = (d: ReturnType<typeof netblockDriver>, name: string, bytes = GIB, extra = {}) =>
  d.controller.CreateVolume({
    name,
    capacity_range: { required_bytes: bytes },
    volume_capabilities: [RWO],
    ...extra,
  });
const idOf = (
  r: ReturnType<typeof create>,
) => (r.code === "OK" ? r.value.volume.volume_id : assert.fail(JSON.stringify(r)));

Deno.test("netblock driver follows spec.md's per-call rules", async (t) => {
  await t.step("CreateVolume is idempotent by name; a different size is ALREADY_EXISTS", () => {
    const d = netblockDriver();
    const a = create(d, "pvc-1", 5 * GIB);
    assert.deepEqual(create(d, "pvc-1", 5 * GIB), a);
    assert.equal(create(d, "pvc-1", 6 * GIB).code, "ALREADY_EXISTS");
  });
  await t.step(
    "CreateVolume: OUT_OF_RANGE beyond the maximum, minimum rounds up, INVALID_ARGUMENT for MULTI_NODE",
    () => {
      const d = netblockDriver();
      assert.equal(create(d, "big", 65 * GIB).code, "OUT_OF_RANGE");
      assert.equal(
        d.controller.CreateVolume({
          name: "r",
          capacity_range: { required_bytes: 3 * GIB, limit_bytes: 2 * GIB },
          volume_capabilities: [RWO],
        }).code,
        "OUT_OF_RANGE",
      );
      const small = create(d, "small", 1000);
      assert.equal(small.code === "OK" && small.value.volume.capacity_bytes, GIB);
      const rwx = d.controller.CreateVolume({
        name: "x",
        volume_capabilities: [{ mount: {}, access_mode: { mode: "MULTI_NODE_MULTI_WRITER" } }],
      });
      assert.equal(rwx.code, "INVALID_ARGUMENT");
      assert.equal(
        d.controller.CreateVolume({ name: "", volume_capabilities: [RWO] }).code,
        "INVALID_ARGUMENT",
      );
    },
  );
  await t.step(
    "topology: preferred first within requisite; RESOURCE_EXHAUSTED when the zone is full",
    () => {
      const d = netblockDriver({ zones: { "zone-a": 10 * GIB, "zone-b": 10 * GIB } });
      const req = {
        accessibility_requirements: {
          requisite: [zone("zone-a"), zone("zone-b")],
          preferred: [zone("zone-b")],
        },
      };
      const v = create(d, "v1", 8 * GIB, req);
      assert.deepEqual(v.code === "OK" && v.value.volume.accessible_topology, [zone("zone-b")]);
      const w = create(d, "v2", 8 * GIB, req); // zone-b has 2 GiB left → falls back to zone-a
      assert.deepEqual(w.code === "OK" && w.value.volume.accessible_topology, [zone("zone-a")]);
      const full = create(d, "v3", 8 * GIB, req);
      assert.equal(full.code, "RESOURCE_EXHAUSTED");
      const cap = d.controller.GetCapacity({ accessible_topology: zone("zone-a") });
      assert.equal(cap.code === "OK" && cap.value.available_capacity, 2 * GIB);
    },
  );
  await t.step(
    "ControllerPublishVolume: NOT_FOUND, other-node FAILED_PRECONDITION, RESOURCE_EXHAUSTED at max_volumes_per_node",
    () => {
      const d = netblockDriver({ maxVolumesPerNode: 2 });
      const ids = ["a", "b", "c"].map((n) =>
        idOf(create(d, n, GIB, { accessibility_requirements: { requisite: [zone("zone-a")] } }))
      );
      const publish = (id: string, node: string, readonly = false) =>
        d.controller.ControllerPublishVolume({
          volume_id: id,
          node_id: node,
          volume_capability: RWO,
          readonly,
        });
      assert.equal(publish("netblock-99", "node-a1").code, "NOT_FOUND");
      assert.equal(publish(ids[0], "node-zz").code, "NOT_FOUND");
      assert.equal(publish(ids[0], "node-a1").code, "OK");
      assert.equal(publish(ids[0], "node-a1").code, "OK", "idempotent");
      assert.equal(publish(ids[0], "node-a1", true).code, "ALREADY_EXISTS");
      assert.equal(publish(ids[0], "node-a2").code, "FAILED_PRECONDITION");
      assert.equal(publish(ids[0], "node-b1").code, "FAILED_PRECONDITION", "other zone");
      assert.equal(publish(ids[1], "node-a1").code, "OK");
      const third = publish(ids[2], "node-a1");
      assert.ok(third.code === "RESOURCE_EXHAUSTED");
      assert.match(third.message, /^Max volumes attached/);
      const info = d.node("node-a1")!.NodeGetInfo();
      assert.equal(info.code === "OK" && info.value.max_volumes_per_node, 2);
      assert.equal(
        d.controller.ControllerUnpublishVolume({ volume_id: ids[1], node_id: "node-a1" }).code,
        "OK",
      );
      assert.equal(publish(ids[2], "node-a1").code, "OK");
    },
  );
  await t.step(
    "Node calls: stage before publish, staging path required, unstage after unpublish, delete when free",
    () => {
      const d = netblockDriver();
      const id = idOf(
        create(d, "v", GIB, { accessibility_requirements: { requisite: [zone("zone-a")] } }),
      );
      const node = d.node("node-a1")!;
      const stage = { volume_id: id, staging_target_path: "/staging", volume_capability: RWO };
      assert.equal(node.NodeStageVolume(stage).code, "FAILED_PRECONDITION", "not attached yet");
      d.controller.ControllerPublishVolume({
        volume_id: id,
        node_id: "node-a1",
        volume_capability: RWO,
        readonly: false,
      });
      assert.equal(node.NodeStageVolume(stage).code, "OK");
      assert.equal(node.NodeStageVolume(stage).code, "OK", "idempotent");
      assert.equal(
        node.NodeStageVolume({ ...stage, staging_target_path: "/other" }).code,
        "ALREADY_EXISTS",
      );
      const publish = {
        volume_id: id,
        target_path: "/pod/mount",
        volume_capability: RWO,
        readonly: false,
      };
      assert.equal(
        node.NodePublishVolume(publish).code,
        "FAILED_PRECONDITION",
        "Staging target path not set",
      );
      assert.equal(
        node.NodePublishVolume({ ...publish, staging_target_path: "/staging" }).code,
        "OK",
      );
      assert.equal(
        node.NodePublishVolume({ ...publish, staging_target_path: "/staging", readonly: true })
          .code,
        "ALREADY_EXISTS",
      );
      assert.equal(
        d.node("node-b1")!.NodePublishVolume({ ...publish, staging_target_path: "/s" }).code,
        "NOT_FOUND",
      );
      assert.equal(
        d.controller.DeleteVolume({ volume_id: id }).code,
        "FAILED_PRECONDITION",
        "Volume in use",
      );
      assert.equal(
        node.NodeUnstageVolume({ volume_id: id, staging_target_path: "/staging" }).code,
        "FAILED_PRECONDITION",
      );
      assert.equal(
        node.NodeUnpublishVolume({ volume_id: id, target_path: "/pod/mount" }).code,
        "OK",
      );
      assert.equal(
        node.NodeUnpublishVolume({ volume_id: id, target_path: "/pod/mount" }).code,
        "OK",
        "idempotent",
      );
      assert.equal(
        node.NodeUnstageVolume({ volume_id: id, staging_target_path: "/staging" }).code,
        "OK",
      );
      assert.equal(
        d.controller.ControllerUnpublishVolume({ volume_id: id, node_id: "node-a1" }).code,
        "OK",
      );
      assert.equal(d.controller.DeleteVolume({ volume_id: id }).code, "OK");
      assert.equal(
        d.controller.DeleteVolume({ volume_id: id }).code,
        "OK",
        "deleting a deleted volume is OK",
      );
      assert.equal(d.controller.ControllerUnpublishVolume({ volume_id: id }).code, "NOT_FOUND");
    },
  );
  await t.step(
    "ListVolumes pages with next_token and reports published nodes; bad token is ABORTED",
    () => {
      const d = netblockDriver();
      const ids = ["a", "b", "c"].map((n) =>
        idOf(create(d, n, GIB, { accessibility_requirements: { requisite: [zone("zone-b")] } }))
      );
      d.controller.ControllerPublishVolume({
        volume_id: ids[1],
        node_id: "node-b1",
        volume_capability: RWO,
        readonly: false,
      });
      const page1 = d.controller.ListVolumes({ max_entries: 2 });
      assert.ok(page1.code === "OK");
      assert.deepEqual(page1.value.entries.map((e) => e.status.published_node_ids), [[], [
        "node-b1",
      ]]);
      const page2 = d.controller.ListVolumes({ starting_token: page1.value.next_token });
      assert.deepEqual(page2.code === "OK" && page2.value.entries.map((e) => e.volume.volume_id), [
        ids[2],
      ]);
      assert.equal(d.controller.ListVolumes({ starting_token: "zz" }).code, "ABORTED");
    },
  );
  await t.step("a wrong option names the field", () => {
    assert.throws(() => netblockDriver({ maxVolumesPerNode: 0 }), /maxVolumesPerNode/);
    assert.throws(
      () => netblockDriver({ nodes: [{ id: "n", zone: "mars" }] }),
      /zone mars, which has no pool/,
    );
  });
  await t.step(
    "a camelCase field (capacityRange) is INVALID_ARGUMENT naming its snake_case",
    () => {
      const d = netblockDriver();
      const request = { name: "x", capacityRange: { required_bytes: 1 }, volume_capabilities: [] };
      assert.deepEqual(d.controller.CreateVolume(request as never), {
        code: "INVALID_ARGUMENT",
        message:
          "Unknown field capacityRange in the CreateVolume request; CSI messages spell fields in snake_case: capacity_range",
      });
      const publish = d.node("node-a1")!.NodePublishVolume({ volumeId: "netblock-1" } as never);
      assert.equal(
        publish.code === "INVALID_ARGUMENT" && publish.message.endsWith("volume_id"),
        true,
      );
    },
  );
});
