// User namespaces on the process table (private to namespace/; process_table.ts's
// ProcessTable inherits these methods): writing and reading /proc/<pid>/uid_map and
// gid_map, and mapping IDs between a process's user namespace and the host through every
// enclosing user namespace.
//
//   host (initial user ns, "0 0 4294967295")
//    └── user ns A   uid_map "0 100000 65536"    uid 0 in A  = 100000 on the host
//         └── user ns B   uid_map "0 1000 1"     uid 0 in B  = 1000 in A = 101000 on the host
//
// Rules (man 7 user_namespaces "User and group ID mappings"; kernel/user_namespace.c
// map_write, map_id_down, map_id_up): a map is written once; an unmapped ID reads as the
// overflow ID 65534. The parsing and validation of the text is in id_map.ts.

import { formatIdMap, mapIdIn, mapIdOut, OVERFLOW_ID, parseIdMap } from "./id_map.ts";
import { checkId, checkWhich, ProcessCore } from "./_process_core.ts";

/** ProcessCore plus the ID-map system calls; see ProcessTable for the whole API. */
export class UserMapTable extends ProcessCore {
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
    checkWhich(which, `write the ID map of pid ${pid}`);
    const ns = this.get(pid).namespaces.user;
    const field = which === "uid" ? "uidMap" : "gidMap";
    if (!ns.parent) {
      throw new RangeError(
        `Cannot write ${which}_map of pid ${pid}: it is in the initial user namespace, whose ` +
          'map is fixed (EPERM); clone it with { namespaces: ["user"] } and write the child\'s',
      );
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
    checkWhich(which, `read the ID map of pid ${pid}`);
    const ns = this.get(pid).namespaces.user;
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
    checkWhich(which, `map an ID of pid ${pid} to the host`);
    let value = checkId(id, `map an ID of pid ${pid} to the host`);
    for (const ns of this.userChain(pid).reverse()) {
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
    checkWhich(which, `map a host ID into pid ${pid}`);
    let value = checkId(id, `map a host ID into pid ${pid}`);
    for (const ns of this.userChain(pid)) {
      if (value === OVERFLOW_ID) return OVERFLOW_ID;
      value = mapIdIn((which === "uid" ? ns.uidMap : ns.gidMap) ?? [], value);
    }
    return value;
  }
}
