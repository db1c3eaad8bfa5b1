// The kernel's bookkeeping behind process_table.ts (private to namespace/): namespace
// objects, the chain of pids each process has, looking processes up, and checking what a
// learner passes in. process_table.ts builds the system calls (clone, unshare, setns, exit,
// sethostname, uid_map) on top of this; only it is public.
//
//   Namespace  { kind, inode, parent, level, hostname, uidMap, gidMap, nextPid, init }
//       ▲ pid and user namespaces nest: parent → … → the initial one (level 0)
//   Process    { pid (host pid), pids [level 0 … own level], namespaces {kind → Namespace},
//                pidForChildren (≠ namespaces.pid after unshare/setns(CLONE_NEWPID)) }
//
// Sources: man 7 namespaces, man 7 pid_namespaces (nesting, NSpid), include/linux/proc_ns.h
// and fs/proc/generic.c (inode numbers).

import { z } from "zod";
import { parseOptions } from "@src/options/mod.ts";
import {
  formatNamespaceLink,
  namespaceInfo,
  type NamespaceKind,
  NAMESPACES,
  PROC_DYNAMIC_FIRST,
} from "./kinds.ts";
import type { IdMapEntry } from "./id_map.ts";

/** One namespace (any kind). */
export interface Namespace {
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

/** One process. */
export interface Process {
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
  /** Kinds to create anew ("net" or its config.json name "network" alike). @default [] */
  readonly namespaces?: readonly NamespaceKind[];
  /** CLONE_NEW* bits, OR-ed with `namespaces`. @default 0 */
  readonly flags?: number;
  /** Command name of the new process (clone only). @default "process" */
  readonly name?: string;
}

const NamespaceOptionsSchema = z.object({
  namespaces: z.array(z.string()).default([]),
  flags: z.number().int().min(0).max(0xFFFFFFFF).default(0),
  name: z.string().min(1).default("process"),
}).strict();

const SetnsOptionsSchema = z.object({
  target: z.number(),
  namespaces: z.array(z.string()).min(1),
}).strict();

/** "uid" or "gid", else a RangeError naming the argument. */
export function checkWhich(which: unknown, action: string): "uid" | "gid" {
  if (which !== "uid" && which !== "gid") {
    throw new RangeError(
      `Cannot ${action}: map ${JSON.stringify(which)} is neither "uid" nor "gid"; ` +
        'pass "uid" (for uid_map) or "gid" (for gid_map)',
    );
  }
  return which;
}

/** An ID (uid or gid): an integer 0 … 4294967294. */
export function checkId(id: unknown, action: string): number {
  if (typeof id !== "number" || !Number.isInteger(id) || id < 0 || id >= 2 ** 32 - 1) {
    throw new (typeof id === "number" ? RangeError : TypeError)(
      `Cannot ${action}: id ${JSON.stringify(id)} is not a uid/gid; ` +
        "pass a whole number 0…4294967294, e.g. 1000",
    );
  }
  return id;
}

/** The bookkeeping shared by the system calls of ProcessTable. */
export class ProcessCore {
  protected readonly processes = new Map<number, Process>();
  #nextInode = PROC_DYNAMIC_FIRST;

  constructor(options: { hostname?: string; initName?: string } = {}) {
    const o = parseOptions(
      z.object({ hostname: z.string().default("host"), initName: z.string().default("init") })
        .strict(),
      options,
      "create a process table",
    );
    const namespaces = {} as Record<NamespaceKind, Namespace>;
    for (const info of NAMESPACES) {
      namespaces[info.kind] = this.namespace(info.kind, null, info.initialInode);
    }
    namespaces.uts.hostname = o.hostname;
    // The initial user namespace maps every ID to itself: "0 0 4294967295".
    namespaces.user.uidMap = [{ inside: 0, outside: 0, count: 4294967295 }];
    namespaces.user.gidMap = [{ inside: 0, outside: 0, count: 4294967295 }];
    this.add(o.initName, null, namespaces, namespaces.pid);
  }

  /** A new namespace; inodes from PROC_DYNAMIC_FIRST up unless given (the initial ones). */
  protected namespace(kind: NamespaceKind, parent: Namespace | null, inode?: number): Namespace {
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

  /** Add a process: one new pid in its PID namespace and in every ancestor. */
  protected add(
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
    this.processes.set(process.pid, process);
    return process;
  }

  /** The live process with host pid `pid`; TypeError for a non-number, RangeError if gone. */
  protected get(pid: number, role = "process"): Process {
    if (typeof pid !== "number" || !Number.isInteger(pid)) {
      throw new TypeError(
        `The ${role}'s host pid must be a whole number, got ${JSON.stringify(pid)}; ` +
          `pass e.g. 1 (live pids: ${[...this.processes.keys()].join(", ")})`,
      );
    }
    const process = this.processes.get(pid);
    if (!process) {
      throw new RangeError(
        `No ${role} with host pid ${pid}; live pids are ${[...this.processes.keys()].join(", ")}`,
      );
    }
    return process;
  }

  /** Validated clone/unshare options as a list of kinds. */
  protected kinds(options: NamespaceOptions, action: string): {
    kinds: NamespaceKind[];
    name: string;
  } {
    const o = parseOptions(NamespaceOptionsSchema, options, action);
    const kinds = new Set<NamespaceKind>(o.namespaces.map((k) => namespaceInfo(k as never).kind));
    for (const info of NAMESPACES) if ((o.flags & info.flag) !== 0) kinds.add(info.kind);
    return { kinds: [...kinds], name: o.name };
  }

  /** Validated setns options. */
  protected setnsOptions(options: { target: number; namespaces: readonly NamespaceKind[] }) {
    const o = parseOptions(SetnsOptionsSchema, options, "setns");
    return { target: o.target, kinds: o.namespaces.map((k) => namespaceInfo(k as never).kind) };
  }

  protected describe(process: Process): ProcessInfo {
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
  protected fresh(
    from: Record<NamespaceKind, Namespace>,
    pidParent: Namespace,
    kinds: NamespaceKind[],
  ) {
    const namespaces = { ...from };
    let pidNamespace = pidParent;
    for (const kind of kinds) {
      if (kind === "pid") pidNamespace = this.namespace("pid", pidParent);
      else {
        const parent = kind === "user" ? from.user : null;
        const ns = this.namespace(kind, parent);
        // A new UTS namespace starts as a copy of the caller's (man 7 uts_namespaces).
        if (kind === "uts") ns.hostname = from.uts.hostname;
        namespaces[kind] = ns;
      }
    }
    return { namespaces, pidNamespace };
  }

  /** Is `ns` equal to `ancestor` or nested below it? */
  protected within(ns: Namespace | null, ancestor: Namespace): boolean {
    while (ns && ns !== ancestor) ns = ns.parent;
    return ns !== null;
  }

  /** The user namespaces of a process from the first below the initial one down to its own. */
  protected userChain(pid: number): Namespace[] {
    const chain: Namespace[] = [];
    for (let ns: Namespace | null = this.get(pid).namespaces.user; ns?.parent; ns = ns.parent) {
      chain.unshift(ns);
    }
    return chain;
  }
}
