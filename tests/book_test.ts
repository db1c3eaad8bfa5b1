/**
 * The book (`deno task book`): every course notebook is executed and published as a
 * static, offline page — course map links, previous/next chain, table of contents
 * anchors, charts inline as SVG, no script/stylesheet/font/image from another site — and
 * a failing notebook fails the build naming the notebook, the cell index and the error.
 *
 * The course today may hold a single notebook, so a second build uses three small
 * notebooks written here (two chapters, an exercise, a chart) to exercise the chain.
 */

import assert from "node:assert/strict";
import { parseHTML } from "linkedom";
import { BookBuildError, buildBook, courseNotebooks } from "@src/book/mod.ts";
import { cellSource } from "@src/book/outline.ts";
import type { Notebook } from "@src/notebook/execute.ts";

const quiet = () => {};
const REPO = new URL("..", import.meta.url).pathname;

/** A temp folder inside the repo, so the kernel finds deno.json's import map from a parent. */
async function repoTempDir(prefix: string) {
  await Deno.mkdir(`${REPO}build`, { recursive: true });
  return await Deno.makeTempDir({ dir: `${REPO}build`, prefix });
}

/** References a page would fetch from another site, or any script file at all. */
const FORBIDDEN = [
  /<script\b[^>]*\bsrc\s*=/i,
  /<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?\/\//i,
  /<(?:img|iframe|embed|object|source|video|audio)\b[^>]*\b(?:src|data)\s*=\s*["']?(?:https?:)?\/\//i,
  /url\(\s*["']?(?:https?:)?\/\//i, // stylesheets, fonts (@font-face), backgrounds
  /@import\s+(?:url\()?\s*["']?(?:https?:)?\/\//i,
];

const document = (html: string) => parseHTML(html).document;

function assertOffline(name: string, html: string) {
  for (const pattern of FORBIDDEN) {
    const match = pattern.exec(html);
    assert.equal(match, null, `${name} loads from elsewhere: ${match?.[0]}`);
  }
}

/** Checks the site in `out` for the notebooks, in order. */
async function assertSite(out: string, notebooks: string[]) {
  const slugs = notebooks.map((path) => path.split("/").at(-1)!.replace(/\.ipynb$/, ""));
  const indexHtml = await Deno.readTextFile(`${out}/index.html`);
  assertOffline("index.html", indexHtml);
  const index = document(indexHtml);
  const linked = [...index.querySelectorAll("a[href]")].map((a) => a.getAttribute("href"));
  for (const slug of slugs) {
    assert.ok(linked.includes(`${slug}.html`), `index.html does not link ${slug}.html`);
  }
  for (const [i, slug] of slugs.entries()) {
    const html = await Deno.readTextFile(`${out}/${slug}.html`);
    assertOffline(`${slug}.html`, html);
    const page = document(html);
    // Previous/next chain in reading order.
    const prev = page.querySelector('a[rel="prev"]')?.getAttribute("href");
    const next = page.querySelector('a[rel="next"]')?.getAttribute("href");
    assert.equal(prev, i > 0 ? `${slugs[i - 1]}.html` : undefined, `${slug}: previous link`);
    assert.equal(next, slugs[i + 1] ? `${slugs[i + 1]}.html` : undefined, `${slug}: next link`);
    // The table of contents points at real anchors, one per Markdown heading.
    const toc = [...page.querySelectorAll("nav.toc li a")].map((a) => a.getAttribute("href")!);
    const source: Notebook = JSON.parse(await Deno.readTextFile(notebooks[i]));
    const headingCount = source.cells
      .filter((cell) => cell.cell_type === "markdown")
      .map((cell) =>
        cellSource(cell).replace(/```[\s\S]*?```/g, "").match(/^#{1,6}\s/gm)?.length ?? 0
      )
      .reduce((a, b) => a + b, 0);
    assert.equal(toc.length, headingCount, `${slug}: one contents entry per heading`);
    for (const href of toc) {
      assert.ok(href.startsWith("#"), href);
      const id = href.slice(1);
      assert.ok(
        [...page.querySelectorAll("[id]")].some((element) => element.id === id),
        `${slug}: contents entry ${href} has no target`,
      );
    }
    // Every cell is anchored, and every chart cell shows its chart as inline SVG with marks.
    for (const [index, cell] of source.cells.entries()) {
      if (cell.cell_type === "raw") continue;
      const element = page.querySelector(`#cell-${index}`);
      assert.ok(element, `${slug}: no anchor #cell-${index}`);
      if (cell.cell_type !== "code" || !/\brenderPlot\(/.test(cellSource(cell))) continue;
      const svg = element.querySelector(".output_area svg");
      assert.ok(svg, `${slug}: chart cell ${index} shows no inline <svg>`);
      assert.ok(
        svg.querySelector("path, circle, rect, line"),
        `${slug}: chart cell ${index} has an <svg> without marks`,
      );
    }
    assert.equal(page.querySelector("img[src^='data:']"), null, `${slug}: chart as PNG, not SVG`);
  }
}

Deno.test("deno task book publishes every course notebook as an offline page", async () => {
  const out = await Deno.makeTempDir({ prefix: "stacklab-book-" });
  try {
    const notebooks = courseNotebooks();
    const book = await buildBook({ out, log: quiet });
    assert.deepEqual(book.pages[0], "index.html");
    assert.equal(book.pages.length, notebooks.length + 1);
    await assertSite(out, notebooks);
    const start = document(await Deno.readTextFile(`${out}/00-start-here.html`));
    // Notebook 00's first chart and its table, as the kernel drew them.
    assert.match(
      start.querySelector("svg")?.textContent ?? "",
      /Requests in the system \(seed 1\)/,
    );
    assert.match(start.querySelector(".output_html table")?.textContent ?? "", /Deno\s*2\.9\.6/);
    const index = await Deno.readTextFile(`${out}/index.html`);
    assert.match(index, /<code>src\/sim<\/code>/, "course map lists the modules 00 imports");
    assert.match(index, /about \d+ min/);
    const executed: Notebook = JSON.parse(
      await Deno.readTextFile(`${out}/ipynb/00-start-here.ipynb`),
    );
    assert.ok(executed.cells.some((cell) => (cell.outputs ?? []).length > 0));
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

const markdown = (source: string) => ({ cell_type: "markdown" as const, metadata: {}, source });
const code = (source: string) => ({
  cell_type: "code" as const,
  metadata: {},
  source,
  outputs: [],
  execution_count: null,
});
const notebook = (cells: Notebook["cells"]): Notebook => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { kernelspec: { name: "stacklab", display_name: "StackLab", language: "typescript" } },
  cells,
});

async function writeNotebooks(dir: string, notebooks: Record<string, Notebook>) {
  const paths = [];
  for (const [name, content] of Object.entries(notebooks)) {
    await Deno.writeTextFile(`${dir}/${name}`, JSON.stringify(content));
    paths.push(`${dir}/${name}`);
  }
  return paths;
}

Deno.test("the book chains chapters, maps modules and exercises, and links cells", async () => {
  const dir = await repoTempDir("test-book-");
  try {
    const notebooks = await writeNotebooks(dir, {
      "01a-frames.ipynb": notebook([
        markdown("# Frames\n\nBytes on a wire.\n\n## A chart"),
        code(
          'import * as Plot from "@observablehq/plot";\nimport { renderPlot } from "@src/display/mod.ts";\nconst SEED = 3;',
        ),
        code("renderPlot({ title: `seed ${SEED}`, marks: [Plot.dot([[1, 2], [2, 3]])] })"),
      ]),
      "01b-routes.ipynb": notebook([
        markdown("# Routes"),
        code(
          'import { exercise, integer } from "@src/exercise/mod.ts";\n' +
            'const ex = exercise("hosts-in-a-26", { prompt: "How many hosts fit in a /26?", check: integer(62) });',
        ),
        code("ex.check(62)"),
        code(
          'exercise("mtu", { prompt: "Bytes in an Ethernet payload?", check: integer(1500), failure: "show" }).check(1500)',
        ),
      ]),
      "02-machines.ipynb": notebook([markdown("# Machines\n\n### Registers"), code("1 + 1")]),
    });
    const out = `${dir}/site`;
    const book = await buildBook({ out, notebooks, log: quiet });
    assert.deepEqual(book.outlines.map((outline) => outline.chapter), [1, 1, 2]);
    await assertSite(out, notebooks);
    const index = document(await Deno.readTextFile(`${out}/index.html`));
    const chapters = [...index.querySelectorAll("section h2")].map((h2) => h2.textContent);
    assert.deepEqual(chapters, ["Chapter 1 · Protocol layers", "Chapter 2 · Virtualization"]);
    const exercise = index.querySelector('a[href="01b-routes.html#cell-1"]');
    assert.equal(exercise?.textContent, "hosts-in-a-26");
    assert.match(exercise?.parentElement?.textContent ?? "", /How many hosts fit in a \/26\?/);
    // A chained `exercise(…).check(…)` is one exercise, not an extra self-check.
    const listed = [...index.querySelectorAll("tbody tr:nth-child(2) td:nth-child(3) li")];
    assert.deepEqual(listed.map((li) => li.querySelector("a")?.textContent), [
      "hosts-in-a-26",
      "mtu",
    ]);
    const rows = [...index.querySelectorAll("tbody tr")].map((row) => row.textContent ?? "");
    assert.match(rows[0], /src\/display/);
    assert.match(rows[1], /src\/exercise/);
    assert.doesNotMatch(rows[0], /observablehq/, "npm packages are not course modules");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a failing notebook fails the build with the notebook, cell index and error", async () => {
  const dir = await repoTempDir("test-book-fail-");
  try {
    const [good, bad] = await writeNotebooks(dir, {
      "01-good.ipynb": notebook([markdown("# Good"), code("1")]),
      "02-bad.ipynb": notebook([
        markdown("# Bad"),
        code("const x = 1;"),
        code('throw new RangeError("Cannot route: prefix length 33 is longer than 32")'),
        code("x"),
      ]),
    });
    const error = await buildBook({ out: `${dir}/site`, notebooks: [good, bad], log: quiet })
      .then(() => undefined, (error) => error);
    assert.ok(error instanceof BookBuildError, `expected BookBuildError, got ${error}`);
    assert.deepEqual(error.failures, [{
      notebook: bad,
      cell: 2,
      error: "RangeError: Cannot route: prefix length 33 is longer than 32",
    }]);
    // The command line exits non-zero with the same facts and writes no site.
    const run = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "src/book/main.ts", "--out", `${dir}/cli`, good, bad],
      cwd: REPO,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(run.stderr);
    assert.equal(run.code, 1, stderr);
    assert.match(stderr, /02-bad\.ipynb, cell 2: RangeError: Cannot route/);
    await assert.rejects(Deno.stat(`${dir}/cli/index.html`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
