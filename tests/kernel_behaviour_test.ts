/**
 * The StackLab kernel as a frontend sees it (driven by jupyter_client):
 * Interrupt stops a runaway cell and keeps state, a thrown error is an error
 * output, cells queued behind a failing one are aborted (stop_on_error), and
 * plain-text results carry no ANSI colour codes.
 */

import assert from "node:assert/strict";
import { jupyterPython } from "@src/notebook/execute.ts";

Deno.test("StackLab kernel: interrupt, errors, stop_on_error, plain text", async (t) => {
  const probe = new URL("./_kernel_probe.py", import.meta.url).pathname;
  const output = await new Deno.Command(jupyterPython(), {
    args: [probe, "stacklab"],
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  const stdout = new TextDecoder().decode(output.stdout).trim().split("\n").at(-1) ?? "";
  assert.ok(
    output.success,
    `probe failed:\n${new TextDecoder().decode(output.stderr).slice(-2000)}`,
  );
  const report = JSON.parse(stdout);

  await t.step("the kernelspec asks for message-based interrupts", () => {
    assert.equal(report.spec_interrupt_mode, "message");
  });
  await t.step("Interrupt stops `while (true) {}` and the kernel keeps its variables", () => {
    assert.equal(report.interrupt_reply, "error");
    assert.deepEqual(report.after_interrupt, ["42"]);
    assert.equal(report.alive, true);
  });
  await t.step("a thrown error becomes an error output and an error reply", () => {
    assert.deepEqual(report.error_outputs, [["error", "RangeError", "bad value 7"]]);
    assert.equal(report.error_reply, "error");
  });
  await t.step("a cell queued behind a failing cell is aborted, as in ipykernel", () => {
    assert.deepEqual(report.queued_after_error, ["error", "aborted", []]);
  });
  await t.step("plain-text results have no ANSI colour codes", () => {
    assert.equal(report.ansi, false);
    assert.equal(report.plain_text, '{ n: 1, s: "x", list: [ 1, 2 ] }');
  });
});
