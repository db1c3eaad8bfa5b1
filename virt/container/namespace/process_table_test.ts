import assert from "node:assert/strict";
import { ProcessTable } from "./process_table.ts";
import { runTool } from "./_oracle.ts";

/** The NSpid line of /proc/<pid>/status: pids from the reader's namespace down. */
function nspid(text: string): number[][] {
  return text.trim().split("\n").map((line) =>
    line.replace("NSpid:", "").trim().split(/\s+/).map(Number)
  );
}

Deno.test("oracle: nested unshare --pid gives the NSpid levels the model predicts", async () => {
  // sh (init of ns 1) forks grep (pid 2), then exec's unshare, whose child is init of ns 2
  // and pid 3 in ns 1.
  const text = await runTool("unshare", [
    "--pid",
    "--fork",
    "sh",
    "-c",
    "grep NSpid /proc/self/status; exec unshare --pid --fork grep NSpid /proc/self/status",
  ]);
  if (text === null) return;
  const real = nspid(text);
  const table = new ProcessTable();
  const sh = table.clone(1, { namespaces: ["pid"], name: "sh" });
  const grep = table.clone(sh.pid, { name: "grep" });
  table.exit(grep.pid);
  table.unshare(sh.pid, { namespaces: ["pid"] });
  const inner = table.clone(sh.pid, { name: "grep" });
  assert.deepEqual(real.map((pids) => pids.slice(1)), [grep.pids.slice(1), inner.pids.slice(1)]);
  assert.deepEqual(inner.pids.slice(1), [3, 1]);
});

Deno.test("oracle: unshare --uts: hostname changes inside only", async () => {
  const host = await runTool("hostname", []);
  const inside = await runTool("unshare", ["--uts", "sh", "-c", "hostname box; hostname"]);
  if (host === null || inside === null) return;
  assert.equal(inside.trim(), "box");
  assert.equal((await runTool("hostname", []))!, host);
  const table = new ProcessTable({ hostname: host.trim() });
  const box = table.clone(1, { namespaces: ["uts"] });
  assert.equal(table.hostname(box.pid), host.trim()); // a copy of the parent's at first
  table.setHostname(box.pid, "box");
  assert.equal(table.hostname(1), host.trim());
});

Deno.test("PID namespaces: visibility from inside and outside", () => {
  const table = new ProcessTable();
  const runtime = table.clone(1, { name: "runc" });
  const init = table.clone(runtime.pid, { namespaces: ["pid"], name: "sh" });
  const worker = table.clone(init.pid, { name: "worker" });
  assert.deepEqual(worker.pids, [4, 2]);
  assert.equal(table.pidIn(worker.pid, 1), 4);
  assert.equal(table.pidIn(worker.pid, init.pid), 2);
  assert.equal(table.pidIn(runtime.pid, init.pid), undefined);
  assert.equal(table.getppid(init.pid), 0); // parent outside the namespace
  assert.equal(table.getppid(worker.pid), 1);
  assert.deepEqual(table.ps(1).map((r) => r.pid), [1, 2, 3, 4]);
});

Deno.test("orphans are reparented to their namespace's init; init's exit kills the namespace", () => {
  const table = new ProcessTable();
  const init = table.clone(1, { namespaces: ["pid"] });
  const middle = table.clone(init.pid);
  const leaf = table.clone(middle.pid);
  const nested = table.clone(leaf.pid, { namespaces: ["pid"] });
  assert.deepEqual(table.exit(middle.pid), [middle.pid]);
  assert.equal(table.info(leaf.pid).ppid, init.pid);
  assert.equal(table.getppid(leaf.pid), 1);
  assert.deepEqual(table.exit(init.pid), [init.pid, leaf.pid, nested.pid]);
  assert.deepEqual(table.pids(), [1]);
  assert.throws(() => table.exit(1), /kernel panics/);
});

Deno.test("a namespace whose init died refuses new members", () => {
  const table = new ProcessTable();
  const shell = table.clone(1);
  table.unshare(shell.pid, { namespaces: ["pid"] });
  const init = table.clone(shell.pid);
  table.exit(init.pid);
  assert.throws(() => table.clone(shell.pid), /lost its init/);
});

Deno.test("orphans outside any child namespace go to host init", () => {
  const table = new ProcessTable();
  const parent = table.clone(1);
  const child = table.clone(parent.pid);
  table.exit(parent.pid);
  assert.equal(table.info(child.pid).ppid, 1);
});

Deno.test("setns: join net only; a PID namespace above the caller is refused", () => {
  const table = new ProcessTable();
  const box = table.clone(1, { namespaces: ["pid", "net"] });
  const inside = table.clone(box.pid);
  const debug = table.clone(1);
  table.setns(debug.pid, { target: box.pid, namespaces: ["pid", "net"] });
  assert.equal(table.nsLink(debug.pid, "net"), box.namespaces.net);
  assert.equal(table.nsLink(debug.pid, "pid"), "pid:[4026531836]"); // caller stays
  assert.deepEqual(table.clone(debug.pid).pids.slice(1), [3]); // its child enters
  assert.throws(
    () => table.setns(inside.pid, { target: 1, namespaces: ["pid"] }),
    /not the caller's PID namespace or one of its descendants/,
  );
});

Deno.test("namespace inodes come from one counter from 0xF0000000", () => {
  const table = new ProcessTable();
  const a = table.clone(1, { flags: 0x40000000 | 0x04000000 }); // net, uts
  assert.equal(a.namespaces.net, "net:[4026531840]");
  assert.equal(a.namespaces.uts, "uts:[4026531841]");
  assert.equal(a.namespaces.ipc, "ipc:[4026531839]");
});

Deno.test("user namespaces: maps compose through nesting; unmapped is 65534", () => {
  const table = new ProcessTable();
  const outer = table.clone(1, { namespaces: ["user"] });
  table.writeIdMap(outer.pid, "uid", "0 100000 65536");
  const inner = table.clone(outer.pid, { namespaces: ["user"] });
  table.writeIdMap(inner.pid, "uid", "0 1000 10");
  // inner 3 → outer 1003 → host 100000 + 1003 = 101003
  assert.equal(table.idToHost(inner.pid, 3), 101003);
  assert.equal(table.idFromHost(inner.pid, 101003), 3);
  assert.equal(table.idToHost(inner.pid, 10), 65534);
  assert.equal(table.idToHost(outer.pid, 0, "gid"), 65534); // gid_map never written
  assert.equal(table.readIdMap(inner.pid, "uid"), "         0       1000         10\n");
  assert.throws(() => table.writeIdMap(inner.pid, "uid", "0 0 1"), /written once only/);
  assert.throws(() => table.writeIdMap(inner.pid, "gid", "0 0 1\n0 5 1"), /overlaps/);
});

Deno.test("typos get helpful errors", () => {
  const table = new ProcessTable();
  assert.throws(() => table.clone(7), /No parent process with host pid 7; live pids are 1/);
  assert.throws(() => table.clone(1, { namespaces: ["nett" as never] }), /Unknown namespace kind/);
  assert.throws(() => table.setHostname(1, "x".repeat(65)), /at most 64 bytes/);
});

Deno.test("learner typos get one message naming the field, the value and the fix", async (t) => {
  const table = new ProcessTable();
  const box = table.clone(1, { namespaces: ["user"] });
  await t.step("clone() rejects a misspelled option", () => {
    assert.throws(
      () => table.clone(1, { namespace: ["pid"] } as never),
      /option namespace is not a known option .*check its spelling/,
    );
  });
  await t.step("clone() wants a list of kinds, not one string", () => {
    assert.throws(
      () => table.clone(1, { namespaces: "pid" as never }),
      (e: Error) =>
        e instanceof TypeError && /option namespaces must be array \(got "pid"\)/.test(e.message),
    );
  });
  await t.step("a host pid given as text is a TypeError, not 'no such process'", () => {
    assert.throws(
      () => table.clone("1" as never),
      (e: Error) =>
        e instanceof TypeError && /host pid must be a whole number, got "1"/.test(e.message),
    );
  });
  await t.step('the config.json name "network" is accepted for net', () => {
    const child = table.clone(1, { namespaces: ["network" as never] });
    assert.notEqual(child.namespaces.net, table.info(1).namespaces.net);
  });
  await t.step("readIdMap() and idToHost() reject a map name other than uid/gid", () => {
    assert.throws(
      () => table.readIdMap(box.pid, "uid_map" as never),
      /"uid_map" is neither "uid" nor "gid"; pass "uid"/,
    );
    assert.throws(() => table.idToHost(box.pid, 0, "guid" as never), /"guid" is neither/);
  });
  await t.step("idToHost() rejects an id given as text", () => {
    assert.throws(
      () => table.idToHost(box.pid, "1000" as never),
      /id "1000" is not a uid\/gid; pass a whole number/,
    );
  });
  await t.step("writeIdMap() on the initial user namespace says to make a new one", () => {
    assert.throws(
      () => table.writeIdMap(1, "uid", "0 100000 65536"),
      /initial user namespace.*\{ namespaces: \["user"\] \}/,
    );
  });
  await t.step("setns() without namespaces names the missing option", () => {
    assert.throws(
      () => table.setns(box.pid, { target: 1 } as never),
      /Cannot setns: option namespaces must be array/,
    );
  });
  await t.step("setHostname() with a number is a TypeError asking for text", () => {
    assert.throws(
      () => table.setHostname(1, 42 as never),
      (e: Error) => e instanceof TypeError && /pass text/.test(e.message),
    );
  });
});
