// Oracle: spec.md "Volume Lifecycle" Figures 5, 6 and 8, transcribed by hand below.
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
  await t.step("Figure 5 (attach, no stage) and Figure 8 (neither)", () => {
    const five = lifecycleTransitions({ controllerPublish: true, stage: false }).map((r) =>
      `${r.from}>${r.to}`
    );
    assert.deepEqual(five.sort(), [
      "CREATED>NODE_READY",
      "NODE_READY>CREATED",
      "NODE_READY>PUBLISHED",
      "PUBLISHED>NODE_READY",
    ]);
    const eight = lifecycleTransitions({ controllerPublish: false, stage: false }).map((r) =>
      `${r.from}>${r.to}`
    );
    assert.deepEqual(eight.sort(), ["CREATED>PUBLISHED", "PUBLISHED>CREATED"]);
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
  await t.step("a misspelled call, state or capability is an error naming the choices", () => {
    const caps = { controllerPublish: true, stage: true };
    const call = "NodePublish" as never;
    assert.throws(() => nextVolumeState("CREATED", call, caps), {
      name: "RangeError",
      message: /call "NodePublish" is not a lifecycle call; use one of ControllerPublishVolume, /,
    });
    assert.throws(
      () => nextVolumeState("READY" as never, "NodePublishVolume", caps),
      /state "READY" is not a state; use one of CREATED, NODE_READY/,
    );
    const typo = { controllerPublish: true, staging: true } as never;
    assert.throws(() => lifecycleTransitions(typo), {
      name: "TypeError",
      message: /unknown field staging.*e\.g\. \{ controllerPublish: true, stage: true \}/,
    });
    assert.throws(
      () => lifecycleTransitions(undefined as never),
      /caps must be \{ controllerPublish: boolean, stage: boolean \}/,
    );
  });
});
