/**
 * An OCI runtime, modelled: the operations `state`, `create`, `start`, `kill` and `delete`
 * on containers, the lifecycle between them and the hooks at each step
 * (opencontainers/runtime-spec runtime.md "Lifecycle", "Operations"; config.md "Hooks").
 *
 * ```
 *            create                  start                 process exits / kill
 *   (none) ─────────► creating ──► created ─────────► running ──────────────────► stopped
 *                     │ namespaces, cgroup,  │ startContainer      poststart                │ delete:
 *                     │ prestart, createRuntime,                                          │ undo create,
 *                     │ createContainer hooks                                             │ poststop hooks
 *   kill is allowed in created and running; delete only in stopped (runtime.md).
 * ```
 *
 * `create` builds what runc builds: a process cloned by the runtime with the namespaces of
 * `linux.namespaces` (joined with setns when a `path` names /proc/<pid>/ns/<kind>), its
 * uid/gid maps, hostname, and a cgroup at `linux.cgroupsPath` (default "/<id>") with the
 * resources converted as in resources.ts. The rootfs stays abstract (root.path is kept).
 * Hooks are not executed: each call is recorded in `events`, and an optional `runHook`
 * decides whether it fails, with the spec's consequences.
 *
 * @module
 */

import { parseOptions, z } from "@src/options/mod.ts";
import { ProcessTable } from "../namespace/mod.ts";
import { CgroupTree } from "../cgroup/mod.ts";
import { parseConfig, type RuntimeConfig } from "./config.ts";
import { createCgroup, createNamespaces } from "./_create.ts";
import { parseSignal } from "./_signals.ts";
import {
  type ContainerState,
  type ContainerStatus,
  HOOK_STAGES,
  type RuntimeEvent,
} from "./_state.ts";

export type { ContainerState, ContainerStatus, RuntimeEvent } from "./_state.ts";
export { HOOK_STAGES } from "./_state.ts";

interface Container {
  readonly id: string;
  readonly bundle: string;
  readonly config: RuntimeConfig;
  status: ContainerStatus;
  pid: number | null;
  cgroupPath: string | null;
}

/**
 * A runtime over a process table and a cgroup hierarchy (new ones unless given).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Runtime } from "./lifecycle.ts";
 * const runtime = new Runtime();
 * runtime.create("web", { bundle: "/bundles/web", config: {
 *   ociVersion: "1.0.2", process: { user: { uid: 0, gid: 0 }, args: ["sh"], cwd: "/" },
 *   linux: { namespaces: [{ type: "pid" }] },
 * } });
 * assert.equal(runtime.state("web").status, "created");
 * runtime.start("web");
 * runtime.kill("web", "SIGKILL");
 * runtime.delete("web");
 * assert.throws(() => runtime.state("web"), /container does not exist/);
 * ```
 */
export class Runtime {
  /** Processes and namespaces; host pid 1 is init, the runtime runs as its child. */
  readonly table: ProcessTable;
  /** The cgroup v2 hierarchy. */
  readonly cgroups: CgroupTree;
  /** What happened, in order. */
  readonly events: RuntimeEvent[] = [];
  readonly #containers = new Map<string, Container>();
  readonly #runHook: (stage: string, path: string, state: ContainerState) => boolean;
  readonly #runtimePid: number;

  /**
   * Options: an existing `table` and `cgroups`, and `runHook` that returns false to make a
   * hook fail (default: every hook succeeds).
   */
  constructor(options: {
    table?: ProcessTable;
    cgroups?: CgroupTree;
    runHook?: (stage: string, path: string, state: ContainerState) => boolean;
  } = {}) {
    const o = parseOptions(
      z.object({
        table: z.instanceof(ProcessTable).optional(),
        cgroups: z.instanceof(CgroupTree).optional(),
        runHook: z.custom<(stage: string, path: string, state: ContainerState) => boolean>(
          (value) => typeof value === "function",
          "must be a function (stage, path, state) => boolean",
        ).optional(),
      }).strict(),
      options,
      "create a runtime",
    );
    this.table = o.table ?? new ProcessTable();
    this.cgroups = o.cgroups ?? new CgroupTree();
    this.#runHook = o.runHook ?? (() => true);
    this.#runtimePid = this.table.clone(1, { name: "runtime" }).pid;
  }

  #log(id: string, what: string, detail: string): void {
    this.events.push({ step: this.events.length + 1, id, what, detail });
  }

  #get(id: string): Container {
    const container = this.#containers.get(id);
    if (!container) {
      const known = [...this.#containers.keys()];
      throw new RangeError(
        `container does not exist: ${JSON.stringify(id)}; known: [${known.join(", ")}]; ` +
          (known.length
            ? "check the id, or create it first with create(id, { bundle, config })"
            : "create it first with create(id, { bundle, config })"),
      );
    }
    return container;
  }

  #status(container: Container, status: ContainerStatus): void {
    container.status = status;
    this.#log(container.id, "status", status);
  }

  /** Run the hooks of a stage; returns false at the first failure. */
  #hooks(container: Container, stage: (typeof HOOK_STAGES)[number]): boolean {
    for (const hook of container.config.hooks?.[stage] ?? []) {
      const ok = this.#runHook(stage, hook.path, this.state(container.id));
      this.#log(container.id, "hook", `${stage} ${hook.path}${ok ? "" : " failed"}`);
      if (!ok) return false;
    }
    return true;
  }

  /**
   * runtime.md `state <id>`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Runtime } from "./lifecycle.ts";
   * assert.throws(() => new Runtime().state("nope"), /container does not exist/);
   * ```
   */
  state(id: string): ContainerState {
    const c = this.#get(id);
    const live = c.status === "created" || c.status === "running";
    return {
      ociVersion: c.config.ociVersion,
      id: c.id,
      status: c.status,
      ...(live && c.pid !== null ? { pid: c.pid } : {}),
      bundle: c.bundle,
      ...(c.config.annotations ? { annotations: c.config.annotations } : {}),
    };
  }

  /**
   * runtime.md `create <id> <path-to-bundle>`: build the environment, run prestart,
   * createRuntime and createContainer hooks, end "created". A failing hook stops the
   * container and undoes the create (the spec's step 12), then throws.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Runtime } from "./lifecycle.ts";
   * const runtime = new Runtime();
   * const config = { ociVersion: "1.0.2", hostname: "box", linux: { namespaces: [{ type: "uts" }] } };
   * runtime.create("a", { bundle: "/b", config });
   * assert.equal(runtime.table.hostname(runtime.state("a").pid!), "box");
   * assert.throws(() => runtime.create("a", { bundle: "/b", config }), /not unique/);
   * ```
   */
  create(id: string, options: { bundle: string; config: unknown }): ContainerState {
    if (typeof id !== "string" || !/^[\w+.-]+$/.test(id)) {
      throw new TypeError(
        `Cannot create container ${JSON.stringify(id)}: use letters, digits, _ + . -`,
      );
    }
    const given = (options ?? {}) as Record<string, unknown>;
    if (given.config === undefined && "ociVersion" in given) {
      throw new TypeError(
        `Cannot create container ${id}: the second argument is the config itself; ` +
          `pass { bundle: "/bundles/${id}", config } instead`,
      );
    }
    if (typeof given.bundle !== "string" || !given.bundle.startsWith("/")) {
      throw new TypeError(
        `Cannot create container ${id}: option bundle must be the bundle's absolute path ` +
          `(got ${JSON.stringify(given.bundle)}); pass e.g. { bundle: "/bundles/${id}", config }`,
      );
    }
    if (this.#containers.has(id)) {
      throw new RangeError(
        `Cannot create container ${id}: the id is not unique; delete it or pick another`,
      );
    }
    const config = parseConfig(options.config);
    const container: Container = {
      id,
      bundle: options.bundle,
      config,
      status: "creating",
      pid: null,
      cgroupPath: null,
    };
    this.#containers.set(id, container);
    this.#log(id, "operation", `create ${options.bundle}`);
    this.#status(container, "creating");
    try {
      this.#build(container);
    } catch (error) {
      if (container.pid !== null) this.table.exit(container.pid);
      this.#containers.delete(id);
      throw error;
    }
    this.#status(container, "created");
    for (const stage of ["prestart", "createRuntime", "createContainer"] as const) {
      if (!this.#hooks(container, stage)) {
        this.#fail(container, stage);
      }
    }
    return this.state(id);
  }

  #fail(container: Container, stage: string): never {
    this.#stop(container);
    this.#destroy(container);
    this.#containers.delete(container.id);
    throw new Error(
      `container ${container.id}: a ${stage} hook failed; the container was stopped and destroyed`,
    );
  }

  #build(container: Container): void {
    const made = createNamespaces(this.table, this.#runtimePid, container.id, container.config);
    container.pid = made.pid;
    this.#log(container.id, "namespace", made.summary);
    const cgroup = createCgroup(this.cgroups, container.id, container.config, made.pid);
    container.cgroupPath = cgroup.path;
    for (const line of cgroup.writes) this.#log(container.id, "cgroup", line);
  }

  /**
   * runtime.md `start <id>`: only from "created"; startContainer hooks, the program runs,
   * poststart hooks (a failing poststart hook is a warning).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Runtime } from "./lifecycle.ts";
   * const runtime = new Runtime();
   * runtime.create("a", { bundle: "/b", config: { ociVersion: "1.0.2" } });
   * runtime.start("a");
   * assert.throws(() => runtime.start("a"), /cannot start an already running container/);
   * ```
   */
  start(id: string): ContainerState {
    const c = this.#get(id);
    if (c.status !== "created") {
      throw new RangeError(
        c.status === "running"
          ? `cannot start an already running container ${id}; it runs until kill() or exit()`
          : `cannot start a container that is ${c.status}: ${id}; ` +
            `delete("${id}") it, then create it again`,
      );
    }
    this.#log(id, "operation", "start");
    if (!this.#hooks(c, "startContainer")) this.#fail(c, "startContainer");
    this.#status(c, "running");
    for (const hook of c.config.hooks?.poststart ?? []) {
      const ok = this.#runHook("poststart", hook.path, this.state(id));
      this.#log(id, ok ? "hook" : "warning", `poststart ${hook.path}${ok ? "" : " failed"}`);
    }
    return this.state(id);
  }

  /**
   * runtime.md `kill <id> <signal>`: only when created or running. The signal is a name
   * ("SIGTERM", "TERM", "term") or a number, as runc's parseSignal takes it; SIGKILL, SIGTERM,
   * SIGINT, SIGHUP, SIGQUIT and SIGABRT end the container process (the model's program
   * catches nothing); others (SIGUSR1, SIGSTOP…) are delivered and logged.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Runtime } from "./lifecycle.ts";
   * const runtime = new Runtime();
   * runtime.create("a", { bundle: "/b", config: { ociVersion: "1.0.2" } });
   * runtime.kill("a", "SIGTERM");
   * assert.equal(runtime.state("a").status, "stopped");
   * assert.throws(() => runtime.kill("a", "SIGTERM"), /container not running/);
   * ```
   */
  kill(id: string, signal: string | number = "SIGTERM"): ContainerState {
    const c = this.#get(id);
    const parsed = parseSignal(signal);
    if (c.status !== "created" && c.status !== "running") {
      throw new RangeError(
        `container not running: ${id} is ${c.status}; nothing to signal — ` +
          `delete("${id}") removes it`,
      );
    }
    this.#log(id, "operation", `kill ${parsed.name}`);
    if (parsed.ends) this.#stop(c);
    return this.state(id);
  }

  /**
   * The container's program ends by itself (runtime.md lifecycle step 10).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Runtime } from "./lifecycle.ts";
   * const runtime = new Runtime();
   * runtime.create("a", { bundle: "/b", config: { ociVersion: "1.0.2" } });
   * runtime.start("a");
   * assert.equal(runtime.exit("a").status, "stopped");
   * ```
   */
  exit(id: string): ContainerState {
    const c = this.#get(id);
    if (c.status !== "running") {
      throw new RangeError(
        `Cannot exit ${id}: it is ${c.status}, only a running program exits; ` +
          (c.status === "created" ? `start("${id}") it first` : "create and start a new one"),
      );
    }
    this.#stop(c);
    return this.state(id);
  }

  #stop(c: Container): void {
    if (c.pid !== null) {
      const ended = this.table.exit(c.pid);
      // Without a private PID namespace nothing kills the rest: runc signals every process
      // left in the container's cgroup (libcontainer signalAllProcesses).
      if (c.cgroupPath) {
        for (const line of this.cgroups.read(c.cgroupPath, "cgroup.procs").split("\n")) {
          const pid = Number(line);
          if (line !== "" && !ended.includes(pid)) ended.push(...this.table.exit(pid));
        }
      }
      for (const pid of ended) this.cgroups.detach(pid); // exited processes leave their cgroup
      this.#log(c.id, "namespace", `exited: ${ended.join(", ")}`);
    }
    c.pid = null;
    this.#status(c, "stopped");
  }

  #destroy(c: Container): void {
    if (c.cgroupPath) {
      this.cgroups.rmdir(c.cgroupPath);
      this.#log(c.id, "cgroup", `rmdir ${c.cgroupPath}`);
    }
  }

  /**
   * runtime.md `delete <id>`: only when stopped; undo create, then poststop hooks.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Runtime } from "./lifecycle.ts";
   * const runtime = new Runtime();
   * runtime.create("a", { bundle: "/b", config: { ociVersion: "1.0.2" } });
   * assert.throws(() => runtime.delete("a"), /cannot delete container a that is not stopped: created/);
   * ```
   */
  delete(id: string): void {
    const c = this.#get(id);
    if (c.status !== "stopped") {
      throw new RangeError(
        `cannot delete container ${id} that is not stopped: ${c.status}; ` +
          `kill("${id}", "SIGKILL") it first`,
      );
    }
    this.#log(id, "operation", "delete");
    this.#destroy(c);
    for (const hook of c.config.hooks?.poststop ?? []) {
      const ok = this.#runHook("poststop", hook.path, this.state(id));
      this.#log(id, ok ? "hook" : "warning", `poststop ${hook.path}${ok ? "" : " failed"}`);
    }
    this.#containers.delete(id);
  }

  /**
   * Ids of the containers the runtime knows (`runc list`).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Runtime } from "./lifecycle.ts";
   * assert.deepEqual(new Runtime().list(), []);
   * ```
   */
  list(): ContainerState[] {
    return [...this.#containers.keys()].map((id) => this.state(id));
  }
}
