"""Drive the StackLab kernel with jupyter_client, as a frontend does, and report
what happened as JSON: interrupt, errors, stop_on_error, colour codes.
Used by tests/kernel_behaviour_test.ts."""
import json
import sys
import time
from queue import Empty

from jupyter_client.manager import start_new_kernel


def collect(kc, msg_id, timeout=30):
    """Outputs of one request until its idle status, plus its reply."""
    outputs = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=1)
        except Empty:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "status" and msg["content"]["execution_state"] == "idle":
            break
        if kind in ("stream", "display_data", "execute_result", "error"):
            outputs.append({"type": kind, "content": msg["content"]})
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    return outputs, reply["content"]


def main():
    km, kc = start_new_kernel(kernel_name=sys.argv[1] if len(sys.argv) > 1 else "stacklab")
    report = {}
    try:
        report["spec_interrupt_mode"] = km.kernel_spec.interrupt_mode
        _, reply = collect(kc, kc.execute("let kept = 41;"))
        report["define"] = reply["status"]

        # Interrupt a runaway cell; the state must survive.
        msg_id = kc.execute("while (true) {}")
        time.sleep(1.5)
        km.interrupt_kernel()
        outputs, reply = collect(kc, msg_id, timeout=20)
        report["interrupt_reply"] = reply["status"]
        report["interrupt_outputs"] = [o["type"] for o in outputs]
        outputs, reply = collect(kc, kc.execute("kept + 1"))
        report["after_interrupt"] = [o["content"].get("data", {}).get("text/plain") for o in outputs]
        report["alive"] = km.is_alive()

        # A thrown error is an error output and an error reply.
        outputs, reply = collect(kc, kc.execute('throw new RangeError("bad value 7")'))
        report["error_outputs"] = [(o["type"], o["content"].get("ename"), o["content"].get("evalue")) for o in outputs]
        report["error_reply"] = reply["status"]

        # stop_on_error: cells queued behind a failing one are aborted.
        first = kc.execute('await new Promise((r) => setTimeout(r, 200)); throw new Error("first fails")')
        second = kc.execute('console.log("second ran")')
        _, reply1 = collect(kc, first)
        outputs2, reply2 = collect(kc, second)
        report["queued_after_error"] = [reply1["status"], reply2["status"], [o["type"] for o in outputs2]]

        # Plain-text results carry no ANSI colour codes.
        outputs, _ = collect(kc, kc.execute('({ n: 1, s: "x", list: [1, 2] })'))
        text = "".join(o["content"].get("data", {}).get("text/plain", "") for o in outputs)
        report["plain_text"] = text
        report["ansi"] = "\x1b[" in text
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
