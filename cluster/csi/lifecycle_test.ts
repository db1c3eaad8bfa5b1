// Oracle: spec.md "Volume Lifecycle" Figures 5, 6 and 7, transcribed by hand below.
import assert from "node:assert/strict";
import { lifecycleTransitions, nextVolumeState } from "./lifecycle.ts";

Deno.test("the lifecycle follows spec.md's figures", async (t) => {
  await t.step("Figure 6 (attach + stage) has exactly the six arrows of the figure", () => {
    const rows = lifecycleTransitions({ controllerPublish: true, stage: true }).map((r) =>
      `${r.from} -${r.call}-> ${r.to}`
    );
    assert.deepEqual(rows.sort(), [
      "CREATED -ControllerPublishVolume-> NODE_READY",
      "NODE_READY -ControllerUnpublishVolume-> CREATED",
      "NODE_READY -NodeStageVolume-> VOL_READY",
      "PUBLISHED -NodeUnpublishVolume-> VOL_READY",
      "VOL_READY -NodePublishVolume-> PUBLISHED",
      "VOL_READY -NodeUnstageVolume-> NODE_READY",
    ]);
  });
  await t.step("Figure 5 (attach, no stage) and Figure 7 (neither)", () => {
    const five = lifecycleTransitions({ controllerPublish: true, stage: false }).map((r) =>
      `${r.from}>${r.to}`
    );
    assert.deepEqual(five.sort(), [
      "CREATED>NODE_READY",
      "NODE_READY>CREATED",
      "NODE_READY>PUBLISHED",
      "PUBLISHED>NODE_READY",
    ]);
    const seven = lifecycleTransitions({ controllerPublish: false, stage: false }).map((r) =>
      `${r.from}>${r.to}`
    );
    assert.deepEqual(seven.sort(), ["CREATED>PUBLISHED", "PUBLISHED>CREATED"]);
  });
  await t.step("out-of-order calls fail, repeated calls are idempotent no-ops", () => {
    const caps = { controllerPublish: true, stage: true };
    assert.equal(nextVolumeState("PUBLISHED", "NodeUnstageVolume", caps).ok, false);
    assert.equal(nextVolumeState("VOL_READY", "ControllerUnpublishVolume", caps).ok, false);
    assert.deepEqual(nextVolumeState("CREATED", "NodeUnpublishVolume", caps), {
      ok: true,
      state: "CREATED",
      changed: false,
    });
    assert.deepEqual(nextVolumeState("VOL_READY", "NodeStageVolume", caps), {
      ok: true,
      state: "VOL_READY",
      changed: false,
    });
    assert.equal(
      nextVolumeState("CREATED", "NodeStageVolume", { controllerPublish: false, stage: false }).ok,
      false,
    );
  });
});
