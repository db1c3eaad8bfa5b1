"""Execute one notebook for grading with nbclient, cell by cell, and never give up early.

usage: python3 _grade.py JOB.json

JOB.json: {"notebook": path, "out": path, "kernel": name, "cell_timeout": s, "wall": s,
           "output_bytes": n (per cell, default 1 MB)}

Differences from `src/notebook/_execute.py` (which stops at the first failure):
- every cell's execute_reply status is recorded ("ok", "error", "aborted"); the grader
  scores from it rather than only from outputs, which a learner's timer could clear;
- a cell that runs longer than cell_timeout is recorded as "timeout"; the kernel is
  interrupted (interrupt_mode "message") and probed; if it does not answer (a pending
  promise can wedge Deno's kernel, denoland/deno#24491) it is restarted and the cells
  that had succeeded are replayed silently, so later questions still see their definitions;
- a kernel that dies is recorded as "dead" for that cell and restarted the same way;
- a cell cut short by the wall limit is "wall"; past the wall limit every remaining
  cell is "skipped";
- a cell's outputs beyond output_bytes are dropped, so endless printing cannot exhaust
  the grader's memory (error outputs are always kept).

Prints one JSON line: {"cells": [{"status", "seconds"}...], "restarts", "seconds", "error"?,
"start_errors"?, "cell_errors"?}.
"""
import copy
import json
import os
import sys
import time


def main() -> int:
    job = json.load(open(sys.argv[1]))
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from nbclient.util import run_sync

    statuses = {}

    budget = job.get("output_bytes", 1_000_000)
    spent = {}  # cell index -> bytes of output kept

    class GradingClient(NotebookClient):
        async def _check_raise_for_error(self, cell, cell_index, exec_reply):
            if exec_reply is not None:
                statuses[cell_index] = exec_reply["content"].get("status", "error")
            return None

        def output(self, outs, msg, display_id, cell_index):
            # A learner printing without end must not exhaust the grader's memory:
            # past the budget, a cell's outputs are dropped (errors are always kept).
            size = len(json.dumps(msg.get("content", {})))
            if msg["msg_type"] != "error" and spent.get(cell_index, 0) + size > budget:
                if spent.get(cell_index, 0) <= budget:
                    spent[cell_index] = budget + 1
                    outs.append(nbformat.v4.new_output(
                        "stream", name="stderr", text="[grader: output truncated]\n"))
                return None
            spent[cell_index] = spent.get(cell_index, 0) + size
            return super().output(outs, msg, display_id, cell_index)

    started = time.time()
    notebook = nbformat.read(job["notebook"], as_version=4)
    client = GradingClient(
        notebook,
        kernel_name=job["kernel"],
        timeout=job["cell_timeout"],
        allow_errors=True,
        interrupt_on_timeout=False,
        startup_timeout=60,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(job["notebook"]))}},
    )
    cells = [{"status": "skipped", "seconds": 0.0} for _ in notebook.cells]
    succeeded = []  # indices of code cells whose reply was "ok", replayed after a restart
    restarts = 0
    report = {}

    def remaining() -> float:
        return job["wall"] - (time.time() - started)

    def restart() -> None:
        nonlocal restarts
        restarts += 1
        try:
            client._cleanup_kernel()
        except Exception:
            pass
        start()
        for index in succeeded:
            if remaining() <= 0:
                return
            client.timeout = max(1, int(min(job["cell_timeout"], remaining())))
            original = notebook.cells[index]
            try:
                client.execute_cell(copy.deepcopy(original), index, store_history=False)
            except Exception:
                return
            finally:
                notebook.cells[index] = original  # nbclient stores the executed cell at index

    def responsive(index: int) -> bool:
        probe = nbformat.v4.new_code_cell("0")
        client.timeout = 2
        original = notebook.cells[index]
        try:
            client.execute_cell(probe, index, store_history=False)
            return True
        except Exception:
            return False
        finally:
            notebook.cells[index] = original  # nbclient stores the executed cell at index

    def start() -> None:
        # A kernel that does not come up (a busy machine, a lost connection) is
        # retried, not counted against the learner.
        for attempt in range(3):
            try:
                client.km = client.create_kernel_manager()
                client.start_new_kernel()
                client.start_new_kernel_client()
                return
            except Exception as error:
                report.setdefault("start_errors", []).append(f"{type(error).__name__}: {str(error)[:300]}")
                try:
                    client._cleanup_kernel()
                except Exception:
                    pass
                client.km = None
                client.kc = None
        raise RuntimeError("the kernel did not start: " + " / ".join(report["start_errors"]))

    try:
        start()
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                cells[index]["status"] = "ok"
                continue
            if remaining() <= 0:
                break
            clipped = remaining() < job["cell_timeout"]
            client.timeout = max(1, int(min(job["cell_timeout"], remaining())))
            statuses.pop(index, None)
            cell_started = time.time()
            try:
                client.execute_cell(cell, index)
                status = statuses.get(index, "error")
            except CellTimeoutError:
                status = "wall" if clipped else "timeout"
            except DeadKernelError:
                status = "dead"
            except Exception as error:  # e.g. the kernel stopped answering
                status = "dead"
                report.setdefault("cell_errors", []).append(f"{type(error).__name__}: {str(error)[:300]}")
            cells[index] = {"status": status, "seconds": round(time.time() - cell_started, 3)}
            if status == "ok":
                succeeded.append(index)
            elif status in ("timeout", "wall"):
                try:
                    run_sync(client.km.interrupt_kernel)()
                except Exception:
                    pass
                if not responsive(index) and remaining() > 0:
                    restart()
            elif status == "dead" and remaining() > 0:
                restart()
    except Exception as error:
        report["error"] = f"{type(error).__name__}: {str(error)[:300]}"
    finally:
        try:
            client._cleanup_kernel()
        except Exception:
            pass
    nbformat.write(notebook, job["out"])
    report.update(cells=cells, restarts=restarts, seconds=round(time.time() - started, 3))
    print(json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
