import assert from "node:assert/strict";
import { CgroupError, CgroupTree } from "./hierarchy.ts";

function errno(action: () => unknown): string {
  try {
    action();
    return "ok";
  } catch (error) {
    return error instanceof CgroupError ? error.errno : String(error);
  }
}

Deno.test("oracle: subtree_control writes get the real kernel's errno on an empty cgroup", async () => {
  const mounts = await Deno.readTextFile("/proc/mounts").catch(() => "");
  const line = mounts.split("\n").find((l) => l.split(" ")[2] === "cgroup2");
  if (!line) return;
  const mount = line.split(" ")[1];
  const probe = `${mount}/stacklab-test-${Deno.pid}`;
  try {
    Deno.mkdirSync(probe);
  } catch {
    return; // not root, or read-only
  }
  try {
    const rootControllers = Deno.readTextFileSync(`${mount}/cgroup.subtree_control`).trim()
      .split(/\s+/).filter((c) => c !== "");
    const tree = new CgroupTree({
      controllers: Deno.readTextFileSync(`${mount}/cgroup.controllers`).trim().split(/\s+/)
        .filter((c) => c !== ""),
    });
    if (rootControllers.length > 0) {
      tree.write("/", "cgroup.subtree_control", rootControllers.map((c) => `+${c}`).join(" "));
    }
    tree.mkdir("/probe");
    for (const text of ["+foo", "+hugetlb", "cpu", "-cpu", "+cpu -cpu", "", "+perf_event"]) {
      let real = "ok";
      try {
        Deno.writeTextFileSync(`${probe}/cgroup.subtree_control`, text);
      } catch (error) {
        real = (error as { code?: string }).code ?? String(error);
      }
      assert.equal(errno(() => tree.write("/probe", "cgroup.subtree_control", text)), real, text);
    }
    assert.equal(
      tree.read("/probe", "cgroup.controllers"),
      Deno.readTextFileSync(`${probe}/cgroup.controllers`),
    );
  } finally {
    Deno.removeSync(probe);
  }
});

Deno.test("controllers flow down: available only where the parent enables them", () => {
  const tree = new CgroupTree();
  tree.mkdir("/web");
  assert.equal(tree.read("/web", "cgroup.controllers"), "");
  assert.equal(errno(() => tree.write("/web", "cgroup.subtree_control", "+cpu")), "ENOENT");
  tree.write("/", "cgroup.subtree_control", "+cpu +memory +pids");
  assert.equal(tree.read("/web", "cgroup.controllers"), "cpu memory pids\n");
  tree.write("/web", "cgroup.subtree_control", "+memory");
  tree.mkdir("/web/a");
  assert.equal(tree.read("/web/a", "cgroup.controllers"), "memory\n");
  assert.throws(() => tree.read("/web/a", "cpu.max"), /cpu controller is not enabled there/);
  assert.equal(errno(() => tree.write("/", "cgroup.subtree_control", "-memory")), "EBUSY");
  assert.equal(errno(() => tree.write("/", "cgroup.subtree_control", "+bogus")), "EINVAL");
  assert.equal(errno(() => tree.read("/", "cpu.max")), "ENOENT"); // never in the root
});

Deno.test("no internal process constraint, both ways round", () => {
  const tree = new CgroupTree();
  tree.write("/", "cgroup.subtree_control", "+cpu");
  tree.mkdir("/a");
  tree.attach("/a", 10);
  assert.throws(
    () => tree.write("/a", "cgroup.subtree_control", "+cpu"),
    /holds processes \[10\] \(no internal process constraint\)/,
  );
  tree.mkdir("/a/leaf");
  tree.attach("/a/leaf", 10);
  tree.write("/a", "cgroup.subtree_control", "+cpu");
  assert.equal(errno(() => tree.attach("/a", 11)), "EBUSY");
  tree.attach("/", 11); // the root is exempt
  assert.equal(tree.cgroupOf(10), "/a/leaf");
  assert.equal(tree.read("/a/leaf", "cgroup.procs"), "10\n");
});

Deno.test("interface files round-trip through write/read", () => {
  const tree = new CgroupTree();
  tree.write("/", "cgroup.subtree_control", "+cpu +memory +pids");
  tree.mkdir("/a");
  tree.write("/a", "cpu.max", "50000 200000");
  tree.write("/a", "cpu.max", "max"); // keeps the period
  assert.equal(tree.read("/a", "cpu.max"), "max 200000\n");
  tree.write("/a", "cpu.weight", "250");
  tree.write("/a", "memory.high", "64M");
  tree.write("/a", "pids.max", "32");
  assert.deepEqual(
    ["cpu.weight", "memory.high", "memory.max", "pids.max"].map((f) => tree.read("/a", f)),
    ["250\n", "67108864\n", "max\n", "32\n"],
  );
  assert.throws(() => tree.write("/a", "cpu.weight", "0"), /outside 1…10000/);
  assert.throws(() => tree.write("/a", "cpu.maxx", "1"), /No interface file "cpu.maxx"/);
});

Deno.test("mkdir/rmdir: EEXIST, ENOENT, EBUSY; rows and stat", () => {
  const tree = new CgroupTree();
  tree.mkdir("/a");
  tree.mkdir("/a/b");
  assert.equal(errno(() => tree.mkdir("/x/y")), "ENOENT");
  assert.equal(errno(() => tree.rmdir("/a")), "EBUSY");
  assert.equal(tree.stat("/"), "nr_descendants 2\n");
  tree.rmdir("/a/b");
  tree.rmdir("/a");
  assert.deepEqual(tree.rows().map((r) => r.path), ["/"]);
  assert.throws(() => tree.mkdir("web"), /must start with "\/"/);
});

Deno.test("attach() and cgroup.procs reject what is not a pid (EINVAL), naming the value", () => {
  const tree = new CgroupTree();
  tree.mkdir("/a");
  assert.throws(
    () => tree.attach("/a", "101" as never),
    /Cannot move pid "101" into \/a: a pid is a whole number ≥ 1.*\(EINVAL\)/,
  );
  assert.throws(() => tree.attach("/a", -1), /pid -1/);
  assert.equal(errno(() => tree.write("/a", "cgroup.procs", "abc")), "EINVAL");
  tree.write("/a", "cgroup.procs", "101\n");
  assert.equal(tree.cgroupOf(101), "/a");
});

Deno.test("new CgroupTree() rejects a misspelled option", () => {
  assert.throws(
    () => new CgroupTree({ controller: ["cpu"] } as never),
    /option controller is not a known option/,
  );
});
