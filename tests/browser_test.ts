/**
 * End to end in a real browser: headless Chromium drives classic Jupyter Notebook, as a
 * learner would, on copies of every course notebook.
 *
 * For each notebook: the kernel shown is StackLab; Cell → Run All (menu clicks) runs every
 * cell; no cell shows an error; every chart cell (`renderPlot(`) shows an `<svg>` with
 * marks; and each cell's outputs read like the outputs nbclient records for the same cell
 * (digits masked, so timings may differ) — so no output strayed under another cell.
 * Notebooks whose first code cell sets `const SEED = n;` get the seed changed through the
 * CodeMirror editor, and the first chart that uses the seed must change. Notebook 00 also
 * gets a runaway cell stopped with the Interrupt button, after which earlier variables
 * still work.
 *
 * Screenshots: build/screenshots/<notebook>.png. Needs `jupyter-notebook`,
 * `/usr/bin/chromium` and the StackLab kernelspec (`deno task install`); never downloads
 * a browser.
 */

import assert from "node:assert/strict";
import { type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { parseHTML } from "linkedom";
import { executeFiles, type Notebook, outputText } from "@src/notebook/execute.ts";

const REPO = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
];
/** Bounds on every wait (ms). */
const SERVER_START_MS = 30_000;
const KERNEL_READY_MS = 30_000;
const RUN_ALL_MS = 120_000;
const CELL_MS = 30_000;

const source = (cell: { source: string | string[] }) =>
  Array.isArray(cell.source) ? cell.source.join("") : cell.source;
const isChart = (code: string) => /\brenderPlot\(/.test(code);

/** Text as a reader sees it, spaces collapsed and digits masked (timings vary between runs). */
const shape = (text: string) => text.replace(/\d+/g, "#").replace(/\s+/g, " ").trim();

/** The MIME type classic Notebook shows for a bundle (notebook 6 OutputArea.display_order). */
const DISPLAY_ORDER = [
  "application/javascript",
  "text/html",
  "text/markdown",
  "text/latex",
  "image/svg+xml",
  "image/png",
  "image/jpeg",
  "application/pdf",
  "text/plain",
];

/** What the browser should show for one nbclient output, as text; undefined if not text-like. */
function expectedText(output: Record<string, unknown>): string | undefined {
  if (output.output_type === "stream") return outputText(output);
  if (output.output_type === "error") return undefined;
  const data = (output.data ?? {}) as Record<string, string | string[]>;
  const mime = DISPLAY_ORDER.find((type) => type in data);
  if (!mime) return undefined;
  const value = Array.isArray(data[mime]) ? (data[mime] as string[]).join("") : String(data[mime]);
  if (mime === "text/plain") return value;
  if (mime === "text/html" || mime === "image/svg+xml") {
    const { document } = parseHTML(`<!DOCTYPE html><html><body>${value}</body></html>`);
    return document.body.textContent ?? "";
  }
  return undefined; // images, markdown, latex: compared by presence only
}

/**
 * nbclient keeps every stream message as its own output; the classic Notebook appends a stream
 * message to the previous output when that is the same stream (OutputArea.append_stream), so
 * two `console.log` calls may show as one output area. Merge nbclient's outputs the same way.
 */
function mergeStreams(outputs: Record<string, unknown>[]): Record<string, unknown>[] {
  const merged: Record<string, unknown>[] = [];
  for (const output of outputs) {
    const last = merged.at(-1);
    if (
      output.output_type === "stream" && last?.output_type === "stream" && last.name === output.name
    ) {
      merged[merged.length - 1] = { ...last, text: outputText(last) + outputText(output) };
    } else merged.push(output);
  }
  return merged;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

interface Server {
  url: string;
  token: string;
  process: Deno.ChildProcess;
  log: () => string;
}

async function startNotebookServer(dir: string, scratch: string): Promise<Server> {
  const port = freePort();
  const token = crypto.randomUUID().replaceAll("-", "");
  const args = [
    "--no-browser",
    "--ip=127.0.0.1",
    `--port=${port}`,
    "--port-retries=0",
    `--NotebookApp.token=${token}`,
    `--notebook-dir=${dir}`,
  ];
  if (Deno.uid() === 0) args.push("--allow-root");
  const process = new Deno.Command("jupyter-notebook", {
    args,
    env: {
      // A fresh config and runtime folder: no user nbextensions or settings apply.
      JUPYTER_CONFIG_DIR: `${scratch}/config`,
      JUPYTER_RUNTIME_DIR: `${scratch}/runtime`,
    },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let log = "";
  (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of process.stderr) log = (log + decoder.decode(chunk)).slice(-20_000);
  })();
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + SERVER_START_MS;
  for (;;) {
    try {
      const response = await fetch(`${url}/api/status?token=${token}`);
      await response.body?.cancel();
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`jupyter-notebook did not start in ${SERVER_START_MS} ms:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, token, process, log: () => log };
}

async function stopNotebookServer(server: Server): Promise<void> {
  // Shut kernels down through the API first, then the server (SIGTERM, SIGKILL after 10 s).
  try {
    const sessions = await fetch(`${server.url}/api/sessions?token=${server.token}`);
    for (const session of (await sessions.json()) as { id: string }[]) {
      const response = await fetch(
        `${server.url}/api/sessions/${session.id}?token=${server.token}`,
        {
          method: "DELETE",
        },
      );
      await response.body?.cancel();
    }
  } catch {
    // the server is already gone
  }
  try {
    server.process.kill("SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      server.process.kill("SIGKILL");
    } catch {
      // exited meanwhile
    }
  }, 10_000);
  await server.process.status;
  clearTimeout(timer);
}

/** The `.cell` elements of the open notebook, in notebook order. */
const cells = (page: Page) => page.locator("#notebook-container > .cell");

async function waitUntilIdle(page: Page, timeout: number, what: string): Promise<void> {
  try {
    await page.waitForFunction(
      () =>
        document.querySelector("#kernel_indicator_icon")?.classList.contains(
          "kernel_idle_icon",
        ) &&
        ![...document.querySelectorAll(".code_cell .input_prompt")].some((prompt) =>
          /\[\*\]/.test(prompt.textContent ?? "")
        ),
      undefined,
      { timeout, polling: 100 },
    );
  } catch (error) {
    throw new Error(`${what}: the kernel did not become idle in ${timeout} ms (${error})`);
  }
}

/** The execution count shown left of a code cell, or undefined. */
async function promptNumber(cell: Locator): Promise<number | undefined> {
  const text = await cell.locator(".input_prompt").first().textContent() ?? "";
  const match = /\[(\d+)\]/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** Runs the cell through its editor (click into it, Ctrl+Enter) and waits for a new count. */
async function runCell(page: Page, cell: Locator, what: string): Promise<number> {
  const before = await promptNumber(cell);
  await cell.locator(".CodeMirror-code").click();
  await page.keyboard.press("Control+Enter");
  await page.waitForFunction(
    ([element, previous]) => {
      const match = /\[(\d+)\]/.exec(
        (element as Element).querySelector(".input_prompt")?.textContent ?? "",
      );
      return match !== null && Number(match[1]) !== previous;
    },
    [await cell.elementHandle(), before ?? -1] as const,
    { timeout: CELL_MS, polling: 100 },
  );
  await waitUntilIdle(page, CELL_MS, what);
  return (await promptNumber(cell))!;
}

/** Adds a code cell below the selected one (command mode `b`), types code, runs it. */
async function addAndRunCell(page: Page, code: string): Promise<Locator> {
  await page.keyboard.press("Escape");
  await page.keyboard.press("b");
  const selected = page.locator("#notebook-container > .cell.selected");
  await selected.locator(".CodeMirror-code").click();
  await page.keyboard.type(code);
  await page.keyboard.press("Control+Enter");
  return selected;
}

async function screenshot(page: Page, name: string): Promise<void> {
  const height = await page.evaluate(() =>
    (document.querySelector("#notebook-container")?.scrollHeight ?? 800) +
    (document.querySelector("#header")?.clientHeight ?? 120) + 60
  );
  await page.setViewportSize({ width: 1280, height: Math.min(height, 12_000) });
  await page.waitForTimeout(300); // Notebook re-lays out #site on resize
  await page.evaluate(() => document.querySelector("#site")?.scrollTo(0, 0));
  await Deno.mkdir(`${REPO}/build/screenshots`, { recursive: true });
  await page.screenshot({ path: `${REPO}/build/screenshots/${name}.png` });
  await page.setViewportSize({ width: 1280, height: 900 });
}

interface NotebookCase {
  name: string;
  notebook: Notebook;
  /** The same notebook executed by nbclient: the expected outputs. */
  expected: Notebook;
}

async function runNotebookInBrowser(context: BrowserContext, server: Server, nb: NotebookCase) {
  const page = await context.newPage();
  page.setDefaultTimeout(KERNEL_READY_MS);
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  try {
    await page.goto(`${server.url}/notebooks/${nb.name}?token=${server.token}`);
    // The kernel is StackLab, started and idle.
    await page.waitForFunction(
      () => {
        const name = document.querySelector("#kernel_indicator .kernel_indicator_name");
        const icon = document.querySelector("#kernel_indicator_icon");
        return /StackLab/.test(name?.textContent ?? "") &&
          icon?.classList.contains("kernel_idle_icon");
      },
      undefined,
      { timeout: KERNEL_READY_MS },
    ).catch(async (error) => {
      const shown = await page.locator("#kernel_indicator").textContent().catch(() => "?");
      throw new Error(
        `${nb.name}: kernel not ready as StackLab (shows "${shown?.trim()}"; is the ` +
          `kernelspec installed? deno task install): ${error}\n` +
          server.log().slice(-2000),
      );
    });
    assert.match(
      (await page.locator("#kernel_indicator .kernel_indicator_name").textContent())!,
      /^StackLab \(Deno \d+\.\d+\.\d+\)$/,
    );
    assert.equal(await cells(page).count(), nb.notebook.cells.length, `${nb.name}: cell count`);

    // Cell → Run All, through the menu.
    await page.locator("#celllink").click();
    await page.locator("#run_all_cells > a").click();
    await page.waitForFunction(
      () => document.querySelector(".code_cell .input_prompt")?.textContent?.includes("*"),
      undefined,
      { timeout: CELL_MS, polling: 50 },
    ).catch(() => {}); // a very fast notebook may be done before the first poll
    await waitUntilIdle(page, RUN_ALL_MS, `${nb.name}: Run All`);

    const errors = await page.locator(".output_error").allTextContents();
    assert.deepEqual(errors, [], `${nb.name}: error outputs after Run All`);
    let firstChart = -1;
    for (const [index, cell] of nb.notebook.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      const code = source(cell);
      const element = cells(page).nth(index);
      if (code.trim() === "") continue;
      assert.ok(await promptNumber(element), `${nb.name}: cell ${index} has no execution count`);
      if (isChart(code)) {
        if (firstChart < 0) firstChart = index;
        const marks = await element.locator(".output_area svg")
          .locator("path, circle, rect, line").count();
        assert.ok(marks > 0, `${nb.name}: chart cell ${index} shows no <svg> with marks`);
      }
      // Outputs under this cell read as nbclient's outputs for this cell.
      const outputs = mergeStreams(nb.expected.cells[index].outputs ?? []);
      const shown = await element.locator(".output_area .output_subarea").allTextContents();
      assert.equal(shown.length, outputs.length, `${nb.name}: cell ${index} output count`);
      outputs.forEach((output, i) => {
        const text = expectedText(output);
        if (text === undefined) return;
        assert.equal(shape(shown[i]), shape(text), `${nb.name}: cell ${index} output ${i}`);
      });
    }
    if (nb.name === "00-start-here.ipynb") {
      const texts = await Promise.all(
        nb.notebook.cells.map(async (_, i) =>
          (await cells(page).nth(i).locator(".output_area").allTextContents()).join("\n")
        ),
      );
      const tableCell = nb.notebook.cells.findIndex((cell) => /^table\(/m.test(source(cell)));
      const progressCell = nb.notebook.cells.findIndex((cell) => /progress\(/.test(source(cell)));
      assert.match(texts[tableCell] ?? "", /Deno\s*\d+\.\d+\.\d+/, "the table cell shows Deno");
      assert.match(texts[progressCell] ?? "", /100%/, "the progress cell ends at 100%");
      assert.ok(firstChart >= 0, "notebook 00 draws a chart");
    }
    await screenshot(page, nb.name.replace(/\.ipynb$/, ""));

    // Change the seed in the first code cell through the editor; the seeded chart changes.
    const first = nb.notebook.cells.findIndex((cell) => cell.cell_type === "code");
    const seeded = /const SEED = (\d+);/.exec(source(nb.notebook.cells[first] ?? { source: "" }));
    // Every chart cell that reads SEED; at least one of them must change with it (a chart may
    // read the seed for something the picture does not show, e.g. 01c's relative numbers).
    const charts = nb.notebook.cells.flatMap((cell, i) =>
      i > first && cell.cell_type === "code" && isChart(source(cell)) &&
        /\bSEED\b/.test(source(cell))
        ? [i]
        : []
    );
    const chart = charts[0] ?? -1;
    if (nb.name === "00-start-here.ipynb") assert.ok(seeded && chart > 0, "00 has a seeded chart");
    if (seeded && chart > 0) {
      const svgOf = (i: number) =>
        cells(page).nth(i).locator(".output_area svg").first().evaluate((element) =>
          element.outerHTML
        );
      const before = await Promise.all(charts.map(svgOf));
      const newSeed = Number(seeded[1]) + 1;
      const line = cells(page).nth(first).locator(".CodeMirror-line", { hasText: "const SEED =" });
      await line.locator(".cm-number").first().dblclick();
      await page.keyboard.type(String(newSeed));
      const edited = await page.evaluate(
        (i) => (globalThis as unknown as JupyterWindow).Jupyter.notebook.get_cell(i).get_text(),
        first,
      );
      assert.match(edited, new RegExp(`const SEED = ${newSeed};`), "the editor holds the new seed");
      await runCell(page, cells(page).nth(first), `${nb.name}: parameters cell`);
      let changed = -1;
      for (const [k, i] of charts.entries()) {
        await runCell(page, cells(page).nth(i), `${nb.name}: chart cell ${i}`);
        if ((await svgOf(i)) !== before[k]) {
          changed = i;
          break;
        }
      }
      assert.ok(
        changed >= 0,
        `${nb.name}: no chart changed with the seed (cells ${charts.join(", ")})`,
      );
      if (/seed \$\{SEED\}/.test(source(nb.notebook.cells[changed]))) {
        const title = await cells(page).nth(changed).locator(".output_area svg").first()
          .textContent();
        assert.match(title ?? "", new RegExp(`seed ${newSeed}\\b`), "the title names the new seed");
      }
      assert.equal(await page.locator(".output_error").count(), 0);
      await screenshot(page, `${nb.name.replace(/\.ipynb$/, "")}-seed-${newSeed}`);

      if (nb.name === "00-start-here.ipynb") {
        // A runaway cell, stopped with the Interrupt button; earlier state survives.
        const runaway = await addAndRunCell(page, "while (true) {}");
        await page.waitForFunction(
          () =>
            document.querySelector("#kernel_indicator_icon")?.classList.contains(
              "kernel_busy_icon",
            ),
          undefined,
          { timeout: CELL_MS, polling: 50 },
        );
        await page.waitForTimeout(500);
        await page.locator('button[data-jupyter-action="jupyter-notebook:interrupt-kernel"]')
          .click();
        await waitUntilIdle(page, CELL_MS, `${nb.name}: interrupt`);
        assert.ok(await promptNumber(runaway), "the interrupted cell got its count");
        const probe = await addAndRunCell(page, "SEED * 21");
        await page.waitForFunction(
          (element) => /\[\d+\]/.test(element?.querySelector(".input_prompt")?.textContent ?? ""),
          await probe.elementHandle(),
          { timeout: CELL_MS },
        );
        await waitUntilIdle(page, CELL_MS, `${nb.name}: after interrupt`);
        assert.equal(
          (await probe.locator(".output_subarea").textContent())?.trim(),
          String(newSeed * 21),
          "a variable defined before the interrupt still works",
        );
      }
    }
    assert.deepEqual(dialogs, [], `${nb.name}: unexpected dialogs (kernel died?)`);
  } finally {
    await page.close();
  }
}

/** The classic Notebook's global object, as far as this test reads it. */
interface JupyterWindow {
  Jupyter: { notebook: { get_cell(index: number): { get_text(): string } } };
}

Deno.test({
  name: "every notebook runs in Chromium on classic Notebook with its charts and outputs",
  // Playwright keeps a pipe to the browser and timers of its own.
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    // Copies inside the repo (the kernel finds deno.json from a parent), so autosave and
    // edits never touch notebooks/.
    await Deno.mkdir(`${REPO}/build/e2e`, { recursive: true });
    const scratch = await Deno.makeTempDir({ dir: `${REPO}/build/e2e`, prefix: "run-" });
    const dir = `${scratch}/notebooks`;
    await Deno.mkdir(dir, { recursive: true });
    const names = [...Deno.readDirSync(`${REPO}/notebooks`)]
      .filter((entry) => entry.isFile && entry.name.endsWith(".ipynb"))
      .map((entry) => entry.name)
      .sort();
    assert.ok(names.includes("00-start-here.ipynb"));
    for (const name of names) await Deno.copyFile(`${REPO}/notebooks/${name}`, `${dir}/${name}`);

    const reports = await executeFiles(names.map((name) => `${dir}/${name}`), {
      out: `${scratch}/expected`,
      timeout: 300,
    });
    const cases: NotebookCase[] = [];
    for (const [i, name] of names.entries()) {
      assert.ok(reports[i].ok, `${name} fails under nbclient: ${reports[i].error}`);
      cases.push({
        name,
        notebook: JSON.parse(await Deno.readTextFile(`${dir}/${name}`)),
        expected: JSON.parse(await Deno.readTextFile(reports[i].executed)),
      });
    }

    const server = await startNotebookServer(dir, scratch);
    let context: BrowserContext | undefined;
    try {
      context = await chromium.launchPersistentContext(`${scratch}/chromium-profile`, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: 1280, height: 900 },
        timeout: 30_000,
      });
      for (const nb of cases) await runNotebookInBrowser(context, server, nb);
    } finally {
      await context?.close().catch(() => {});
      await stopNotebookServer(server);
      await Deno.remove(scratch, { recursive: true }).catch(() => {});
    }
  },
});
