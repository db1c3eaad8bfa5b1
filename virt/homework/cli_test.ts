// `deno task homework` runs chapter 2's generators beside chapter 1's: subprocess tests of
// what a learner types.

import assert from "node:assert/strict";
import { assign } from "@src/exercise/mod.ts";
import { virtqueue, vmExits } from "./mod.ts";

/** A sheet's text without the echoed parameters. */
function body(text: string): string {
  return text.slice(text.indexOf("\n\n") + 2);
}

// Running `deno task` needs --allow-run (deno test -A); `deno test --doc` runs without it.
const canRun = (await Deno.permissions.query({ name: "run" })).state === "granted";

const ROOT = new URL("../..", import.meta.url).pathname;

async function task(...args: string[]) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "homework", ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
}

Deno.test({
  name: "deno task homework lists chapter 2 under its heading, after chapter 1",
  ignore: !canRun,
}, async () => {
  const { code, stdout, stderr } = await task();
  assert.equal(code, 0, stderr);
  const chapterTwo = stdout.indexOf("\nChapter 2: virtualization\n");
  assert.ok(chapterTwo > stdout.indexOf("\nChapter 1: protocol layers\n"), stdout);
  assert.match(stdout.slice(chapterTwo), /\n {2}vm-exits +Count a guest program's VM exits/);
  assert.match(stdout.slice(chapterTwo), /\n {2}virtqueue +A split virtqueue by hand/);
  assert.match(
    stdout,
    /--option start=near-wrap +ring indices at the start \(zero \| used \| near-wrap\)/,
  );
});

Deno.test({
  name: "deno task homework vm-exits --seed 7 -c prints what a notebook sheet shows",
  ignore: !canRun,
}, async () => {
  const { code, stdout, stderr } = await task("vm-exits", "--seed", "7", "-c");
  assert.equal(stderr, "");
  assert.equal(code, 0);
  assert.match(
    stdout,
    /^ARG seed 7\nARG blocks 6\nARG maxTrips 6\nARG nested true\nARG shadowPaging false\nARG compute true\n\n/,
  );
  const sheet = assign(vmExits, { seed: 7 });
  assert.equal(stdout, sheet.text(true).replace("\n\n", "\nARG compute true\n\n") + "\n");
});

Deno.test(
  { name: "deno task homework virtqueue takes options and a learner id", ignore: !canRun },
  async () => {
    const { code, stdout } = await task(
      "virtqueue",
      "--learner",
      "ada",
      "--option",
      "queueSize=256",
      "--option",
      "start=zero",
    );
    assert.equal(code, 0);
    const sheet = assign(virtqueue, { learner: "ada", options: { queueSize: 256, start: "zero" } });
    assert.match(
      stdout,
      new RegExp(`^ARG learner ada\nARG seed ${sheet.seed}\nARG queueSize 256\n`),
    );
    assert.ok(stdout.includes(`\n\n${body(sheet.text())}\n\nWork out`));
    assert.match(stdout, /running again with -c\.\n$/);
  },
);

Deno.test({
  name: "a bad chapter 2 option exits 2 with one line and no stack trace",
  ignore: !canRun,
}, async () => {
  const bad = await task("virtqueue", "--option", "queueSize=12");
  assert.equal(bad.code, 2);
  assert.equal(bad.stdout, "");
  assert.equal(
    bad.stderr,
    "homework: Cannot generate virtqueue homework: queueSize must be 0 (seeded: 8 or 16) or one " +
      "of 4, 8, 16, 32, 64, 128, 256 (got 12)\n",
  );
  const name = await task("vm-exit");
  assert.equal(name.code, 2);
  assert.match(
    name.stderr,
    /Unknown homework "vm-exit"; did you mean "vm-exits"\? valid names: subnetting, checksum, tcp-seq, vm-exits, virtqueue, batch-cost, cgroup-throttle/,
  );
});
