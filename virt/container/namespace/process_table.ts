/**
 * A process table with namespaces: the part of the kernel that `clone(2)`, `unshare(2)`
 * and `setns(2)` change when a runtime starts a container. Each process points at one
 * namespace of each of the eight kinds; PID and user namespaces nest.
 *
 * ```
 *   root pid ns (level 0)        host pids:  1 init ── 40 runc ── 41 sh
 *    └── child pid ns (level 1)  inside:                          1 sh ── 2 sleep
 *
 *   process 41: pids = [41, 1]   one pid per level, from the root down to its own
 *               (man 7 pid_namespaces: "a process is visible to other processes in its
 *               PID namespace, and to the processes in each direct ancestor PID namespace")
 * ```
 *
 * Rules kept (man 7 pid_namespaces): the first process in a new PID namespace is its
 * pid 1, its "init"; orphans are reparented to the init of the dying parent's namespace;
 * when an init exits, every process in its namespace (and the namespaces below) is killed
 * and no new process may enter. `unshare(CLONE_NEWPID)` moves only the caller's future
 * children (`pid_for_children`). Hostnames live in UTS namespaces; ID maps in user
 * namespaces (see id_map.ts). Processes are named by their pid in the root namespace
 * (the "host pid").
 *
 * Not modelled: credentials and capabilities, namespace ownership by user namespaces,
 * zombies (an exited process is reaped at once), pid reuse.
 *
 * @module
 */

import {
  formatNamespaceLink,
  namespaceInfo,
  type NamespaceKind,
  NAMESPACES,
  PROC_DYNAMIC_FIRST,
} from "./kinds.ts";
import {
  formatIdMap,
  type IdMapEntry,
  mapIdIn,
  mapIdOut,
  OVERFLOW_ID,
  parseIdMap,
} from "./id_map.ts";

interface Namespace {
  readonly kind: NamespaceKind;
  readonly inode: number;
  /** Enclosing namespace (pid and user namespaces nest); null for the initial one. */
  readonly parent: Namespace | null;
  readonly level: number;
  hostname: string;
  uidMap: IdMapEntry[] | null;
  gidMap: IdMapEntry[] | null;
  nextPid: number;
  /** Host pid of the namespace's init, once it has one. */
  init: number | null;
  alive: boolean;
}

interface Process {
  readonly pid: number;
  readonly name: string;
  parent: number | null;
  readonly namespaces: Record<NamespaceKind, Namespace>;
  /** Where children go: differs from namespaces.pid after unshare/setns(CLONE_NEWPID). */
  pidForChildren: Namespace;
  /** pid in each PID namespace from the root (index 0) down to its own. */
  readonly pids: number[];
}

/**
 * What `ps` would show about one process.
 *
 * @example
 * ```ts
 * import type { ProcessInfo } from "./process_table.ts";
 * type Pids = ProcessInfo["pids"]; // [host pid, …, pid in its own namespace]
 * ```
 */
export interface ProcessInfo {
  /** pid in the root namespace. */
  readonly pid: number;
  /** pid per PID-namespace level, root first; the last is what getpid() returns. */
  readonly pids: readonly number[];
  /** Command name. */
  readonly name: string;
  /** Parent's host pid, null for the first process. */
  readonly ppid: number | null;
  /** `/proc/<pid>/ns/<kind>` link per kind. */
  readonly namespaces: Readonly<Record<NamespaceKind, string>>;
}

/**
 * Options of clone/unshare: which namespaces are new, by name or by CLONE_NEW* bits.
 *
 * @example
 * ```ts
 * import type { NamespaceOptions } from "./process_table.ts";
 * const options: NamespaceOptions = { namespaces: ["pid", "uts"], name: "sh" };
 * ```
 */
export interface NamespaceOptions {
  /** Kinds to create anew. @default [] */
  readonly namespaces?: readonly NamespaceKind[];
  /** CLONE_NEW* bits, OR-ed with `namespaces`. @default 0 */
  readonly flags?: number;
  /** Command name of the new process (clone only). @default "process" */
  readonly name?: string;
}

/**
 * The process table. Start with init (host pid 1), then clone, unshare, setns and exit.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ProcessTable } from "./process_table.ts";
 * const table = new ProcessTable();
 * const shell = table.clone(1, { namespaces: ["pid", "uts"], name: "sh" });
 * assert.equal(table.getpid(shell.pid), 1);       // init of its new namespace
 * assert.equal(shell.pid, 2);                     // but pid 2 seen from the host
 * table.setHostname(shell.pid, "box");
 * assert.equal(table.hostname(1), "host");
 * ```
 */
export class ProcessTable {
  readonly #processes = new Map<number, Process>();
  #nextInode = PROC_DYNAMIC_FIRST;

  /** Create the table with its init process, host pid 1, in the initial namespaces. */
  constructor(options: { hostname?: string; initName?: string } = {}) {
    const namespaces = {} as Record<NamespaceKind, Namespace>;
    for (const info of NAMESPACES) {
      namespaces[info.kind] = this.#namespace(info.kind, null, info.initialInode);
    }
    namespaces.uts.hostname = options.hostname ?? "host";
    // The initial user namespace maps every ID to itself: "0 0 4294967295".
    namespaces.user.uidMap = [{ inside: 0, outside: 0, count: 4294967295 }];
    namespaces.user.gidMap = [{ inside: 0, outside: 0, count: 4294967295 }];
    this.#add(options.initName ?? "init", null, namespaces, namespaces.pid);
  }

  #namespace(kind: NamespaceKind, parent: Namespace | null, inode?: number): Namespace {
    return {
      kind,
      inode: inode ?? this.#nextInode++,
      parent,
      level: parent ? parent.level + 1 : 0,
      hostname: "",
      uidMap: null,
      gidMap: null,
      nextPid: 1,
      init: null,
      alive: true,
    };
  }

  #add(
    name: string,
    parent: number | null,
    namespaces: Record<NamespaceKind, Namespace>,
    pidNamespace: Namespace,
  ): Process {
    if (!pidNamespace.alive) {
      throw new RangeError(
        `Cannot create ${name}: its PID namespace pid:[${pidNamespace.inode}] has lost its init ` +
          "(fork fails with ENOMEM); start a new namespace instead",
      );
    }
    const chain: Namespace[] = [];
    for (let ns: Namespace | null = pidNamespace; ns; ns = ns.parent) chain.unshift(ns);
    const pids = chain.map((ns) => ns.nextPid++);
    if (pidNamespace.init === null) pidNamespace.init = pids[0];
    const process: Process = {
      pid: pids[0],
      name,
      parent,
      namespaces: { ...namespaces, pid: pidNamespace },
      pidForChildren: pidNamespace,
      pids,
    };
    this.#processes.set(process.pid, process);
    return process;
  }

  #get(pid: number, role = "process"): Process {
    const process = this.#processes.get(pid);
    if (!process) {
      throw new RangeError(
        `No ${role} with host pid ${pid}; live pids are ${[...this.#processes.keys()].join(", ")}`,
      );
    }
    return process;
  }

  #kinds(options: NamespaceOptions): NamespaceKind[] {
    const kinds = new Set<NamespaceKind>(
      (options.namespaces ?? []).map((k) => namespaceInfo(k).kind),
    );
    for (const info of NAMESPACES) {
      if (((options.flags ?? 0) & info.flag) !== 0) kinds.add(info.kind);
    }
    return [...kinds];
  }

  #info(process: Process): ProcessInfo {
    const namespaces = {} as Record<NamespaceKind, string>;
    for (const { kind } of NAMESPACES) {
      namespaces[kind] = formatNamespaceLink(kind, process.namespaces[kind].inode);
    }
    return {
      pid: process.pid,
      pids: [...process.pids],
      name: process.name,
      ppid: process.parent,
      namespaces,
    };
  }

  /** Fresh namespaces of `kinds` for a process whose current ones are `from`. */
  #fresh(from: Record<NamespaceKind, Namespace>, pidParent: Namespace, kinds: NamespaceKind[]) {
    const namespaces = { ...from };
    let pidNamespace = pidParent;
    for (const kind of kinds) {
      if (kind === "pid") pidNamespace = this.#namespace("pid", pidParent);
      else {
        const parent = kind === "user" ? from.user : null;
        const ns = this.#namespace(kind, parent);
        // A new UTS namespace starts as a copy of the caller's (man 7 uts_namespaces).
        if (kind === "uts") ns.hostname = from.uts.hostname;
        namespaces[kind] = ns;
      }
    }
    return { namespaces, pidNamespace };
  }

  /**
   * clone(2): a child of `parent` (host pid) sharing its namespaces except the new ones.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * const table = new ProcessTable();
   * const child = table.clone(1, { flags: 0x40000000 }); // CLONE_NEWNET
   * assert.notEqual(child.namespaces.net, table.info(1).namespaces.net);
   * assert.equal(child.namespaces.uts, table.info(1).namespaces.uts);
   * ```
   */
  clone(parent: number, options: NamespaceOptions = {}): ProcessInfo {
    const caller = this.#get(parent, "parent process");
    const { namespaces, pidNamespace } = this.#fresh(
      caller.namespaces,
      caller.pidForChildren,
      this.#kinds(options),
    );
    return this.#info(this.#add(options.name ?? "process", parent, namespaces, pidNamespace));
  }

  /**
   * unshare(2): move `pid` into new namespaces; for "pid" only its future children move.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * const table = new ProcessTable();
   * const shell = table.clone(1, { name: "sh" });
   * table.unshare(shell.pid, { namespaces: ["pid"] });
   * assert.equal(table.getpid(shell.pid), 2);                   // the caller stays
   * assert.equal(table.getpid(table.clone(shell.pid).pid), 1);  // its first child is init
   * ```
   */
  unshare(pid: number, options: NamespaceOptions = {}): ProcessInfo {
    const process = this.#get(pid);
    const { namespaces, pidNamespace } = this.#fresh(
      process.namespaces,
      process.namespaces.pid,
      this.#kinds(options),
    );
    Object.assign(process.namespaces, { ...namespaces, pid: process.namespaces.pid });
    process.pidForChildren = pidNamespace;
    return this.#info(process);
  }

  /**
   * setns(2): `pid` joins the namespaces of `kinds` that `target` is in. Joining a PID
   * namespace affects only children, and only the caller's own or a descendant PID
   * namespace may be joined (man 2 setns).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * const table = new ProcessTable();
   * const box = table.clone(1, { namespaces: ["net", "uts"] });
   * const debug = table.clone(1, { name: "nsenter" });
   * table.setns(debug.pid, { target: box.pid, namespaces: ["net"] });
   * assert.equal(table.info(debug.pid).namespaces.net, box.namespaces.net);
   * assert.notEqual(table.info(debug.pid).namespaces.uts, box.namespaces.uts);
   * ```
   */
  setns(
    pid: number,
    options: { target: number; namespaces: readonly NamespaceKind[] },
  ): ProcessInfo {
    const process = this.#get(pid);
    const target = this.#get(options.target, "target process");
    for (const kind of options.namespaces.map((k) => namespaceInfo(k).kind)) {
      if (kind === "pid") {
        const wanted = target.namespaces.pid;
        let ns: Namespace | null = wanted;
        while (ns && ns !== process.namespaces.pid) ns = ns.parent;
        if (!ns) {
          throw new RangeError(
            `Cannot setns pid ${pid} into pid:[${wanted.inode}]: it is not the caller's PID ` +
              "namespace or one of its descendants (EINVAL); join from an ancestor namespace",
          );
        }
        process.pidForChildren = wanted;
      } else process.namespaces[kind] = target.namespaces[kind];
    }
    return this.#info(process);
  }

  /**
   * The process exits. Returns the host pids that end: itself, and if it was a namespace's
   * init, every process in that namespace and below (SIGKILL). Orphans go to the init of
   * the dying process's PID namespace.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * const table = new ProcessTable();
   * const init = table.clone(1, { namespaces: ["pid"] });
   * const child = table.clone(init.pid);
   * assert.deepEqual(table.exit(init.pid), [init.pid, child.pid]);
   * assert.deepEqual(table.pids(), [1]);
   * assert.throws(() => table.getpid(child.pid), /No process with host pid 3/);
   * ```
   */
  exit(pid: number): number[] {
    const process = this.#get(pid);
    if (pid === 1) {
      throw new RangeError(
        "Cannot exit host pid 1: the kernel panics when init dies; exit another pid",
      );
    }
    const ns = process.namespaces.pid;
    const ended = [pid];
    if (ns.init === pid) {
      ns.alive = false;
      for (const other of this.#processes.values()) {
        let inside: Namespace | null = other.namespaces.pid;
        while (inside && inside !== ns) inside = inside.parent;
        if (inside && other.pid !== pid) ended.push(other.pid);
      }
    }
    for (const gone of ended) this.#processes.delete(gone);
    const reaper = ns.init === pid ? this.#reaper(ns.parent) : ns.init!;
    for (const other of this.#processes.values()) {
      if (other.parent !== null && ended.includes(other.parent)) other.parent = reaper;
    }
    return ended.sort((a, b) => a - b);
  }

  #reaper(ns: Namespace | null): number {
    return ns?.init ?? 1;
  }

  /**
   * A process's view as `ps` shows it.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * assert.equal(new ProcessTable().info(1).namespaces.pid, "pid:[4026531836]");
   * ```
   */
  info(pid: number): ProcessInfo {
    return this.#info(this.#get(pid));
  }

  /**
   * getpid(2) for `pid`: its pid in its own PID namespace.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * assert.equal(new ProcessTable().getpid(1), 1);
   * ```
   */
  getpid(pid: number): number {
    return this.#get(pid).pids.at(-1)!;
  }

  /**
   * The pid of `pid` as `viewer` sees it, or undefined when it is not visible
   * (it lives in a namespace that is not the viewer's or below).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * const table = new ProcessTable();
   * const box = table.clone(1, { namespaces: ["pid"] });
   * assert.equal(table.pidIn(box.pid, box.pid), 1);
   * assert.equal(table.pidIn(1, box.pid), undefined); // the host is invisible inside
   * ```
   */
  pidIn(pid: number, viewer: number): number | undefined {
    const level = this.#get(viewer, "viewer").namespaces.pid.level;
    const process = this.#get(pid);
    let ns: Namespace | null = process.namespaces.pid;
    while (ns && ns !== this.#get(viewer).namespaces.pid) ns = ns.parent;
    return ns ? process.pids[level] : undefined;
  }

  /**
   * getppid(2) as the process sees it: 0 when the parent is outside its PID namespace.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * const table = new ProcessTable();
   * assert.equal(table.getppid(table.clone(1, { namespaces: ["pid"] }).pid), 0);
   * ```
   */
  getppid(pid: number): number {
    const parent = this.#get(pid).parent;
    return parent === null ? 0 : this.pidIn(parent, pid) ?? 0;
  }

  /**
   * `ps` run by `viewer`: the processes it can see, with their pids in its namespace.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * const table = new ProcessTable();
   * const box = table.clone(1, { namespaces: ["pid"], name: "sh" });
   * table.clone(box.pid, { name: "sleep" });
   * assert.deepEqual(table.ps(box.pid).map((r) => [r.pid, r.name]), [[1, "sh"], [2, "sleep"]]);
   * ```
   */
  ps(viewer: number): { pid: number; ppid: number; name: string; hostPid: number }[] {
    const rows = [];
    for (const process of this.#processes.values()) {
      const pid = this.pidIn(process.pid, viewer);
      if (pid === undefined) continue;
      const ppid = process.parent === null ? 0 : this.pidIn(process.parent, viewer) ?? 0;
      rows.push({ pid, ppid, name: process.name, hostPid: process.pid });
    }
    return rows.sort((a, b) => a.pid - b.pid);
  }

  /**
   * readlink /proc/<pid>/ns/<kind>.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * const table = new ProcessTable();
   * assert.equal(table.nsLink(table.clone(1, { namespaces: ["net"] }).pid, "net"), "net:[4026531840]");
   * ```
   */
  nsLink(pid: number, kind: NamespaceKind): string {
    const info = namespaceInfo(kind);
    return formatNamespaceLink(info.kind, this.#get(pid).namespaces[info.kind].inode);
  }

  /**
   * uname -n for a process: the hostname of its UTS namespace.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * assert.equal(new ProcessTable({ hostname: "lab" }).hostname(1), "lab");
   * ```
   */
  hostname(pid: number): string {
    return this.#get(pid).namespaces.uts.hostname;
  }

  /**
   * sethostname(2): changes the hostname for every process in the same UTS namespace.
   * Names longer than 64 bytes are refused (__NEW_UTS_LEN, include/uapi/linux/utsname.h).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * const table = new ProcessTable();
   * table.setHostname(1, "lab");
   * assert.equal(table.hostname(1), "lab");
   * ```
   */
  setHostname(pid: number, hostname: string): void {
    if (typeof hostname !== "string" || new TextEncoder().encode(hostname).length > 64) {
      throw new RangeError(
        `Cannot set hostname ${JSON.stringify(hostname)}: it must be text of at most 64 bytes ` +
          "(__NEW_UTS_LEN); use a shorter name",
      );
    }
    this.#get(pid).namespaces.uts.hostname = hostname;
  }

  /**
   * Write /proc/<pid>/uid_map or gid_map of the process's user namespace: parsed and
   * validated (id_map.ts), once only (EPERM the second time).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * const table = new ProcessTable();
   * const box = table.clone(1, { namespaces: ["user"] });
   * table.writeIdMap(box.pid, "uid", "0 100000 65536");
   * assert.throws(() => table.writeIdMap(box.pid, "uid", "0 1000 1"), /written once/);
   * ```
   */
  writeIdMap(pid: number, which: "uid" | "gid", text: string): void {
    const ns = this.#get(pid).namespaces.user;
    const field = which === "uid" ? "uidMap" : "gidMap";
    if (which !== "uid" && which !== "gid") {
      throw new RangeError(`Unknown ID map ${JSON.stringify(which)}; use "uid" or "gid"`);
    }
    if (ns[field] !== null) {
      throw new RangeError(
        `Cannot write ${which}_map of user:[${ns.inode}]: it may be written once only (EPERM); ` +
          "create a new user namespace to change it",
      );
    }
    ns[field] = parseIdMap(text);
  }

  /**
   * Read /proc/<pid>/uid_map or gid_map as the kernel prints it ("" before it is written).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * assert.equal(new ProcessTable().readIdMap(1, "uid"), "         0          0 4294967295\n");
   * ```
   */
  readIdMap(pid: number, which: "uid" | "gid"): string {
    const ns = this.#get(pid).namespaces.user;
    return formatIdMap((which === "uid" ? ns.uidMap : ns.gidMap) ?? []);
  }

  /**
   * An ID inside the process's user namespace, as the host (initial namespace) sees it:
   * mapped out through every parent user namespace; 65534 where a map has no line.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * const table = new ProcessTable();
   * const box = table.clone(1, { namespaces: ["user"] });
   * table.writeIdMap(box.pid, "uid", "0 100000 65536");
   * assert.equal(table.idToHost(box.pid, 0), 100000);
   * assert.equal(table.idFromHost(box.pid, 0), 65534);
   * ```
   */
  idToHost(pid: number, id: number, which: "uid" | "gid" = "uid"): number {
    let value = id;
    for (let ns: Namespace | null = this.#get(pid).namespaces.user; ns?.parent; ns = ns.parent) {
      if (value === OVERFLOW_ID) return OVERFLOW_ID;
      value = mapIdOut((which === "uid" ? ns.uidMap : ns.gidMap) ?? [], value);
    }
    return value;
  }

  /**
   * A host ID as seen inside the process's user namespace (65534 when unmapped).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * const table = new ProcessTable();
   * const box = table.clone(1, { namespaces: ["user"] });
   * table.writeIdMap(box.pid, "uid", "0 1000 1");
   * assert.equal(table.idFromHost(box.pid, 1000), 0);
   * ```
   */
  idFromHost(pid: number, id: number, which: "uid" | "gid" = "uid"): number {
    const chain: Namespace[] = [];
    for (let ns: Namespace | null = this.#get(pid).namespaces.user; ns?.parent; ns = ns.parent) {
      chain.unshift(ns);
    }
    let value = id;
    for (const ns of chain) {
      if (value === OVERFLOW_ID) return OVERFLOW_ID;
      value = mapIdIn((which === "uid" ? ns.uidMap : ns.gidMap) ?? [], value);
    }
    return value;
  }

  /**
   * Host pids of all live processes, ascending.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProcessTable } from "./process_table.ts";
   * assert.deepEqual(new ProcessTable().pids(), [1]);
   * ```
   */
  pids(): number[] {
    return [...this.#processes.keys()].sort((a, b) => a - b);
  }
}
