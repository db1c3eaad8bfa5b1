// The runtime's state types (private to runtime/; lifecycle.ts re-exports them): a
// container's status, the state JSON `runc state` prints, the hook stages in the order the
// spec calls them, and one line of the runtime's event log.
// Sources: opencontainers/runtime-spec runtime.md "State", "Lifecycle"; config.md "Hooks".
//
//   state JSON  { ociVersion, id, status, pid?, bundle, annotations? }
//   status      creating → created → running → stopped

/**
 * A container's status (runtime.md "State").
 *
 * @example
 * ```ts
 * import type { ContainerStatus } from "./lifecycle.ts";
 * const status: ContainerStatus = "created";
 * ```
 */
export type ContainerStatus = "creating" | "created" | "running" | "stopped";

/**
 * The state JSON of runtime.md, as `runc state` prints it (minus runc's extras).
 *
 * @example
 * ```ts
 * import type { ContainerState } from "./lifecycle.ts";
 * const state: ContainerState = { ociVersion: "1.0.2", id: "web", status: "created", pid: 4, bundle: "/b" };
 * ```
 */
export interface ContainerState {
  /** The spec version of the state. */
  readonly ociVersion: string;
  /** Container id, unique in this runtime. */
  readonly id: string;
  /** Lifecycle status. */
  readonly status: ContainerStatus;
  /** Host pid of the container process; only when created or running. */
  readonly pid?: number;
  /** Bundle directory. */
  readonly bundle: string;
  /** config.json annotations, when there are any. */
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * A hook stage, in the order the spec calls them.
 *
 * @example
 * ```ts
 * import { HOOK_STAGES } from "./lifecycle.ts";
 * console.log(HOOK_STAGES.join(" → "));
 * ```
 */
export const HOOK_STAGES = [
  "prestart",
  "createRuntime",
  "createContainer",
  "startContainer",
  "poststart",
  "poststop",
] as const;

/**
 * One line of the runtime's event log.
 *
 * @example
 * ```ts
 * import type { RuntimeEvent } from "./lifecycle.ts";
 * const event: RuntimeEvent = { step: 1, id: "web", what: "hook", detail: "createRuntime /usr/bin/setup" };
 * ```
 */
export interface RuntimeEvent {
  /** Sequence number from 1. */
  readonly step: number;
  /** Container id. */
  readonly id: string;
  /** "operation", "status", "hook", "warning", "namespace", "cgroup". */
  readonly what: string;
  /** What happened. */
  readonly detail: string;
}
