import assert from "node:assert/strict";
import {
  flagsFromKinds,
  formatNamespaceLink,
  kindsFromFlags,
  namespaceInfo,
  NAMESPACES,
  parseNamespaceLink,
  PROC_DYNAMIC_FIRST,
} from "./kinds.ts";
import { runTool } from "./_oracle.ts";

Deno.test("CLONE_NEW* values match include/uapi/linux/sched.h", () => {
  // #define CLONE_NEWTIME 0x00000080, CLONE_NEWNS 0x00020000, CLONE_NEWCGROUP 0x02000000,
  // CLONE_NEWUTS 0x04000000, CLONE_NEWIPC 0x08000000, CLONE_NEWUSER 0x10000000,
  // CLONE_NEWPID 0x20000000, CLONE_NEWNET 0x40000000
  const expected: Record<string, number> = {
    time: 0x80,
    mnt: 0x20000,
    cgroup: 0x2000000,
    uts: 0x4000000,
    ipc: 0x8000000,
    user: 0x10000000,
    pid: 0x20000000,
    net: 0x40000000,
  };
  for (const info of NAMESPACES) assert.equal(info.flag, expected[info.kind], info.kind);
  assert.equal(flagsFromKinds(NAMESPACES.map((n) => n.kind)), 0x7e020080);
  assert.deepEqual(kindsFromFlags(0x7e020080).length, 8);
  assert.deepEqual(kindsFromFlags(0x00000100 /* CLONE_FILES */), []);
});

Deno.test("namespaceInfo() accepts OCI names and rejects typos with the list", () => {
  assert.equal(namespaceInfo("network" as never).kind, "net");
  assert.equal(namespaceInfo("mount" as never).kind, "mnt");
  assert.throws(() => namespaceInfo("pidd" as never), /use one of cgroup, ipc, net/);
});

Deno.test("namespace links: format/parse round trip, bad text is a SyntaxError", () => {
  assert.deepEqual(parseNamespaceLink(formatNamespaceLink("user", 4026531837)), {
    kind: "user",
    inode: 4026531837,
  });
  assert.deepEqual(parseNamespaceLink("pid_for_children:[4026531836]").kind, "pid");
  assert.throws(() => parseNamespaceLink("net 4026531833"), SyntaxError);
});

Deno.test("oracle: readlink /proc/self/ns/* has our format; fixed inodes are the kernel's initial ones", async () => {
  const kinds = NAMESPACES.map((n) => n.kind);
  const text = await runTool("readlink", kinds.map((k) => `/proc/self/ns/${k}`));
  if (text === null) return; // no /proc here
  const links = text.trim().split("\n");
  links.forEach((link, i) => {
    const parsed = parseNamespaceLink(link);
    assert.equal(parsed.kind, kinds[i]);
    assert.equal(formatNamespaceLink(parsed.kind, parsed.inode), link);
    // Below PROC_DYNAMIC_FIRST only the initial namespaces' fixed numbers exist.
    if (parsed.inode < PROC_DYNAMIC_FIRST) {
      assert.equal(parsed.inode, namespaceInfo(parsed.kind).initialInode, link);
    }
  });
});

Deno.test("oracle: a namespace made by unshare gets a dynamic inode ≥ PROC_DYNAMIC_FIRST", async () => {
  const text = await runTool("unshare", ["--net", "--uts", "readlink", "/proc/self/ns/net"]);
  if (text === null) return; // not root / no unshare
  const { kind, inode } = parseNamespaceLink(text);
  assert.equal(kind, "net");
  assert.ok(inode >= PROC_DYNAMIC_FIRST, text);
});
