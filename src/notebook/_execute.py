"""Execute notebooks with nbclient (the real Jupyter client) for StackLab.

Used by `deno task execute`, `deno task book` and the tests: it runs each notebook
through a named kernelspec and writes the executed notebook. It never raises a
Python traceback at the user: failures become one JSON line per notebook on stdout.

usage: python3 _execute.py --kernel stacklab --out DIR [--timeout S] [--allow-errors] NB...
"""
import argparse
import json
import os
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kernel", default="stacklab")
    parser.add_argument("--out", required=True)
    parser.add_argument("--timeout", type=int, default=300)
    parser.add_argument("--allow-errors", action="store_true")
    parser.add_argument("--suffix", default="")
    parser.add_argument("--trust", action="store_true")
    parser.add_argument("notebooks", nargs="+")
    args = parser.parse_args()
    try:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError
    except ImportError as error:
        print(json.dumps({"error": f"missing Python package: {error.name}. "
                          "Install it with: sudo apt-get install -y python3-nbclient jupyter-nbconvert"}))
        return 3
    os.makedirs(args.out, exist_ok=True)
    status = 0
    for path in args.notebooks:
        started = time.time()
        notebook = nbformat.read(path, as_version=4)
        client = NotebookClient(
            notebook,
            kernel_name=args.kernel,
            timeout=args.timeout,
            allow_errors=args.allow_errors,
            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
        )
        result = {"notebook": path, "ok": True}
        try:
            client.execute()
        except CellExecutionError as error:
            result.update(ok=False, error=str(error).strip().splitlines()[-1][:500])
        except Exception as error:  # kernel died, timeout, ...
            result.update(ok=False, error=f"{type(error).__name__}: {str(error)[:500]}")
        name = os.path.basename(path).replace(".ipynb", f"{args.suffix}.ipynb")
        target = os.path.join(args.out, name)
        nbformat.write(notebook, target)
        if args.trust:
            # What `jupyter trust` does: record the notebook's signature in the
            # user's notary database, so classic Notebook shows its SVG/HTML.
            from nbformat.sign import NotebookNotary
            NotebookNotary().sign(notebook)
        result.update(executed=target, seconds=round(time.time() - started, 3))
        if not result["ok"]:
            status = 1
        print(json.dumps(result), flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
