/**
 * The volume lifecycle: the states a volume goes through on one node, and which call moves it
 * where. spec.md "Volume Lifecycle", Figures 5, 6 and 8; which figure applies depends on the
 * driver's capabilities (controller PUBLISH_UNPUBLISH_VOLUME, node STAGE_UNSTAGE_VOLUME).
 *
 * ```
 *  Figure 6 (both capabilities):
 *     CreateVolume        ControllerPublish     NodeStage          NodePublish
 *  ──────────────▶ CREATED ─────────▶ NODE_READY ─────────▶ VOL_READY ─────────▶ PUBLISHED
 *  ◀────────────── CREATED ◀───────── NODE_READY ◀───────── VOL_READY ◀───────── PUBLISHED
 *     DeleteVolume        ControllerUnpublish   NodeUnstage        NodeUnpublish
 *  Figure 5: no stage → NODE_READY ⇄ PUBLISHED.
 *  Figure 8: neither → only NodePublish ⇄ NodeUnpublish; the model calls the state before it
 *  CREATED (the figure leaves it unnamed). Figure 7 is a pre-provisioned volume with attach:
 *  Figure 5 without CreateVolume/DeleteVolume.
 * ```
 *
 * A call already done is a no-op returning OK (spec.md "Idempotency": every call MUST be
 * idempotent). A call out of order is FAILED_PRECONDITION.
 *
 * @module
 */

/**
 * States of a volume on one node.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { VOLUME_STATES } from "./lifecycle.ts";
 * assert.deepEqual(VOLUME_STATES, ["CREATED", "NODE_READY", "VOL_READY", "PUBLISHED"]);
 * ```
 */
export const VOLUME_STATES = ["CREATED", "NODE_READY", "VOL_READY", "PUBLISHED"] as const;
/**
 * One lifecycle state.
 *
 * @example
 * ```ts
 * import type { VolumeState } from "./lifecycle.ts";
 * const attached: VolumeState = "NODE_READY";
 * ```
 */
export type VolumeState = typeof VOLUME_STATES[number];

/**
 * The lifecycle calls.
 *
 * @example
 * ```ts
 * import type { LifecycleCall } from "./lifecycle.ts";
 * const call: LifecycleCall = "NodeStageVolume";
 * ```
 */
export type LifecycleCall =
  | "ControllerPublishVolume"
  | "NodeStageVolume"
  | "NodePublishVolume"
  | "NodeUnpublishVolume"
  | "NodeUnstageVolume"
  | "ControllerUnpublishVolume";

/** The lifecycle calls in the order a pod's start and stop make them. */
const LIFECYCLE_CALLS: readonly LifecycleCall[] = [
  "ControllerPublishVolume",
  "NodeStageVolume",
  "NodePublishVolume",
  "NodeUnpublishVolume",
  "NodeUnstageVolume",
  "ControllerUnpublishVolume",
];

/** Throw unless `caps` is exactly { controllerPublish: boolean, stage: boolean }. */
function checkCaps(caps: unknown, action: string): void {
  const value = caps as Record<string, unknown> | undefined;
  const unknown = Object.keys(value ?? {}).find((k) => k !== "controllerPublish" && k !== "stage");
  const field = ["controllerPublish", "stage"].find((k) => typeof value?.[k] !== "boolean");
  if (typeof caps !== "object" || caps === null || unknown !== undefined || field !== undefined) {
    throw new TypeError(
      `Cannot ${action}: caps must be { controllerPublish: boolean, stage: boolean } (${
        unknown !== undefined
          ? `unknown field ${unknown}`
          : `caps.${field ?? "controllerPublish"} is ${JSON.stringify(value?.[field ?? ""])}`
      }); e.g. { controllerPublish: true, stage: true } for an attached, staged disk`,
    );
  }
}

/**
 * Which optional steps a driver has.
 *
 * @example
 * ```ts
 * import type { LifecycleCapabilities } from "./lifecycle.ts";
 * const figure6: LifecycleCapabilities = { controllerPublish: true, stage: true };
 * ```
 */
export interface LifecycleCapabilities {
  /** Controller PUBLISH_UNPUBLISH_VOLUME (attach/detach). */
  readonly controllerPublish: boolean;
  /** Node STAGE_UNSTAGE_VOLUME. */
  readonly stage: boolean;
}

/**
 * The answer of `nextVolumeState`.
 *
 * @example
 * ```ts
 * import type { LifecycleStep } from "./lifecycle.ts";
 * const refused: LifecycleStep = { ok: false, message: "NodePublishVolume needs the volume staged (state VOL_READY), but it is CREATED" };
 * ```
 */
export type LifecycleStep =
  | { readonly ok: true; readonly state: VolumeState; readonly changed: boolean }
  | { readonly ok: false; readonly message: string };

/**
 * The state after `call` from `state`, for a driver with `caps`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nextVolumeState } from "./lifecycle.ts";
 * const caps = { controllerPublish: true, stage: true };
 * assert.deepEqual(nextVolumeState("CREATED", "ControllerPublishVolume", caps), { ok: true, state: "NODE_READY", changed: true });
 * assert.equal(nextVolumeState("CREATED", "NodePublishVolume", caps).ok, false);
 * assert.deepEqual(nextVolumeState("PUBLISHED", "NodePublishVolume", caps), { ok: true, state: "PUBLISHED", changed: false });
 * ```
 */
export function nextVolumeState(
  state: VolumeState,
  call: LifecycleCall,
  caps: LifecycleCapabilities,
): LifecycleStep {
  if (!VOLUME_STATES.includes(state)) {
    throw new RangeError(
      `Cannot step the volume lifecycle: state ${
        JSON.stringify(state)
      } is not a state; use one of ${VOLUME_STATES.join(", ")}`,
    );
  }
  if (!LIFECYCLE_CALLS.includes(call)) {
    throw new RangeError(
      `Cannot step the volume lifecycle: call ${
        JSON.stringify(call)
      } is not a lifecycle call; use one of ${LIFECYCLE_CALLS.join(", ")}`,
    );
  }
  checkCaps(caps, "step the volume lifecycle");
  // the state each step starts from when the optional earlier steps are absent
  const attached: VolumeState = caps.controllerPublish ? "NODE_READY" : "CREATED";
  const staged: VolumeState = caps.stage ? "VOL_READY" : attached;
  const rank = (s: VolumeState) => VOLUME_STATES.indexOf(s);
  const go = (from: VolumeState, to: VolumeState, what: string): LifecycleStep => {
    if (state === from) return { ok: true, state: to, changed: true };
    const forward = rank(to) > rank(from);
    // already there (or further along when going forward / further back when going back): no-op
    if (forward ? rank(state) >= rank(to) : rank(state) <= rank(to)) {
      return { ok: true, state, changed: false };
    }
    return {
      ok: false,
      message: `${call} needs the volume ${what} (state ${from}), but it is ${state}`,
    };
  };
  switch (call) {
    case "ControllerPublishVolume":
      return caps.controllerPublish ? go("CREATED", "NODE_READY", "created") : unsupported(call);
    case "NodeStageVolume":
      return caps.stage
        ? go(attached, "VOL_READY", caps.controllerPublish ? "attached" : "created")
        : unsupported(call);
    case "NodePublishVolume":
      return go(
        staged,
        "PUBLISHED",
        caps.stage ? "staged" : caps.controllerPublish ? "attached" : "created",
      );
    case "NodeUnpublishVolume":
      return go("PUBLISHED", staged, "published");
    case "NodeUnstageVolume":
      return caps.stage ? go("VOL_READY", attached, "unpublished") : unsupported(call);
    case "ControllerUnpublishVolume":
      return caps.controllerPublish ? go("NODE_READY", "CREATED", "unstaged") : unsupported(call);
  }
}

function unsupported(call: LifecycleCall): LifecycleStep {
  return { ok: false, message: `${call} is not offered by this driver (capability missing)` };
}

/**
 * The transitions of a driver's figure as rows `{from, call, to}` (for a table or a chart).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lifecycleTransitions } from "./lifecycle.ts";
 * assert.equal(lifecycleTransitions({ controllerPublish: true, stage: true }).length, 6);
 * assert.equal(lifecycleTransitions({ controllerPublish: false, stage: false }).length, 2);
 * ```
 */
export function lifecycleTransitions(
  caps: LifecycleCapabilities,
): { from: VolumeState; call: LifecycleCall; to: VolumeState }[] {
  checkCaps(caps, "list the lifecycle transitions");
  const rows = [];
  for (const call of LIFECYCLE_CALLS) {
    for (const from of VOLUME_STATES) {
      const step = nextVolumeState(from, call, caps);
      if (step.ok && step.changed) rows.push({ from, call, to: step.state });
    }
  }
  return rows;
}
