import assert from "node:assert/strict";
import { HOSTPATH_TOPOLOGY_KEY, hostpathDriver } from "./hostpath.ts";
import type { VolumeCapability } from "../types.ts";

const RWO: VolumeCapability = { mount: {}, access_mode: { mode: "SINGLE_NODE_WRITER" } };

Deno.test("hostpath driver is node-local with no attach and no staging (spec.md Figure 8)", async (t) => {
  await t.step("capabilities: no PUBLISH_UNPUBLISH_VOLUME, no STAGE_UNSTAGE_VOLUME", () => {
    const d = hostpathDriver();
    const c = d.controller.ControllerGetCapabilities();
    assert.ok(
      c.code === "OK" &&
        !c.value.capabilities.some((x) => x.rpc.type === "PUBLISH_UNPUBLISH_VOLUME"),
    );
    const n = d.node("node-1")!.NodeGetCapabilities();
    assert.deepEqual(n.code === "OK" && n.value.capabilities, []);
    assert.equal(
      d.controller.ControllerPublishVolume({
        volume_id: "x",
        node_id: "node-1",
        volume_capability: RWO,
        readonly: false,
      }).code,
      "UNIMPLEMENTED",
    );
  });
  await t.step(
    "without requirements the emptiest node wins; the volume is visible on that node only",
    () => {
      const d = hostpathDriver({ nodes: ["n1", "n2"], capacityPerNodeBytes: 100 });
      const a = d.controller.CreateVolume({
        name: "a",
        capacity_range: { required_bytes: 60 },
        volume_capabilities: [RWO],
      });
      const b = d.controller.CreateVolume({
        name: "b",
        capacity_range: { required_bytes: 60 },
        volume_capabilities: [RWO],
      });
      assert.ok(a.code === "OK" && b.code === "OK");
      assert.equal(a.value.volume.accessible_topology[0].segments[HOSTPATH_TOPOLOGY_KEY], "n1");
      assert.equal(b.value.volume.accessible_topology[0].segments[HOSTPATH_TOPOLOGY_KEY], "n2");
      assert.equal(
        d.controller.CreateVolume({
          name: "c",
          capacity_range: { required_bytes: 60 },
          volume_capabilities: [RWO],
        }).code,
        "RESOURCE_EXHAUSTED",
      );
      const publish = {
        volume_id: a.value.volume.volume_id,
        target_path: "/t",
        volume_capability: RWO,
        readonly: false,
      };
      assert.equal(d.node("n2")!.NodePublishVolume(publish).code, "NOT_FOUND");
      assert.equal(d.node("n1")!.NodePublishVolume(publish).code, "OK");
      assert.equal(
        d.controller.DeleteVolume({ volume_id: publish.volume_id }).code,
        "FAILED_PRECONDITION",
      );
      assert.equal(d.node("n1")!.NodeUnpublishVolume(publish).code, "OK");
      assert.equal(d.controller.DeleteVolume({ volume_id: publish.volume_id }).code, "OK");
      const cap = d.controller.GetCapacity({});
      assert.equal(cap.code === "OK" && cap.value.available_capacity, 140);
    },
  );
});
