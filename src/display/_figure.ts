// Turning what Plot returns into one standalone SVG document.
//
// Plot returns a bare <svg> for a plain chart and an HTML <figure> once a title,
// subtitle, caption or legend is involved:
//
//   <figure>                                  <svg xmlns=… width=W height=H viewBox=…>
//     <h2>title</h2>                            <text font-size=16 bold>title</text>
//     <h3>subtitle</h3>                         <text font-size=13>subtitle</text>
//     <div class=…-swatches> ■ a  ■ b </div> ─▶ <g> <svg …swatch/> <text>a</text> … </g>
//     <svg class=…-ramp>…</svg>                 <g class=…-ramp transform=…>…</g>
//     <svg class=plot-…>…</svg>                 <g class=plot-… transform=…>…</g>
//     <figcaption>caption</figcaption>          <text font-size=12>caption</text>
//   </figure>                                 </svg>
//
// The composer lays these out top to bottom (title and caption wrapped to the chart's
// width, swatches flowed into rows) using estimated text widths (_text.ts). Nested
// Plot SVGs become <g> groups rather than nested <svg> elements because Plot's own CSS
// (`:where(.plot-…) {height: auto}`) would stretch a nested <svg> in a browser.

import { escapeMarkup } from "./_escape.ts";
import { estimateTextWidth, wrapText } from "./_text.ts";

const SVG_NAMESPACES = 'xmlns="http://www.w3.org/2000/svg" ' +
  'xmlns:xlink="http://www.w3.org/1999/xlink"';

/** A legend found while composing, for the plain-text summary. */
export interface LegendNote {
  kind: "swatches" | "ramp";
  /** The legend's title (ramps draw one), if any. */
  label?: string;
  /** Swatch labels, or a ramp's tick labels. */
  labels: string[];
}

/** The composed SVG and what went into it. */
export interface Composition {
  svg: string;
  width: number;
  height: number;
  title?: string;
  legends: LegendNote[];
  /** Elements the composer did not recognise and left out. */
  skipped: string[];
}

function attributes(element: Element, exclude: string[] = []): string {
  let text = "";
  for (const { name, value } of [...element.attributes]) {
    if (!exclude.includes(name)) text += ` ${name}="${escapeMarkup(value)}"`;
  }
  return text;
}

function size(element: Element, name: "width" | "height", fallback: number): number {
  const value = parseFloat(element.getAttribute(name) ?? "");
  return Number.isFinite(value) ? value : fallback;
}

/** A Plot <svg> as a standalone document (namespaces added). */
export function standaloneSvg(svg: Element): Composition {
  const markup = svg.outerHTML.replace(/^<svg\b/, `<svg ${SVG_NAMESPACES}`);
  return {
    svg: markup,
    width: size(svg, "width", 640),
    height: size(svg, "height", 400),
    legends: [],
    skipped: [],
  };
}

/** Compose a Plot <figure> (or a standalone swatch legend <div>) into one SVG. */
export function composeFigure(element: Element, className: string): Composition {
  const parts = element.localName === "figure" ? [...element.children] : [element];
  const plot = parts.find((part) =>
    part.localName === "svg" && !part.getAttribute("class")?.endsWith("-ramp")
  );
  const width = Math.max(
    plot ? size(plot, "width", 640) : 0,
    ...parts.filter((part) => part.localName === "svg").map((part) => size(part, "width", 0)),
    240,
  );
  const body: string[] = [];
  const legends: LegendNote[] = [];
  const skipped: string[] = [];
  let title: string | undefined;
  let y = 0;

  const textBlock = (
    text: string,
    fontSize: number,
    options: { bold?: boolean; fade?: number },
  ) => {
    const lineHeight = Math.round(fontSize * 1.25);
    for (const line of wrapText(text, fontSize, width, options.bold)) {
      body.push(
        `<text x="0" y="${y + Math.round(fontSize * 0.95)}" font-size="${fontSize}"` +
          (options.bold ? ` font-weight="bold"` : "") +
          (options.fade ? ` fill-opacity="${options.fade}"` : "") +
          `>${escapeMarkup(line)}</text>`,
      );
      y += lineHeight;
    }
  };

  for (const part of parts) {
    const name = part.localName;
    const text = (part.textContent ?? "").trim();
    if (name === "h2") {
      title = text;
      textBlock(text, 16, { bold: true });
      y += 4;
    } else if (name === "h3") {
      textBlock(text, 13, { fade: 0.75 });
      y += 6;
    } else if (name === "figcaption") {
      y += 6;
      textBlock(text, 12, { fade: 0.75 });
    } else if (name === "svg") {
      const height = size(part, "height", 0);
      const isRamp = part.getAttribute("class")?.endsWith("-ramp");
      if (isRamp) {
        const texts = [...part.querySelectorAll("text")];
        const title = texts.find((text) => text.getAttribute("font-weight") === "bold");
        legends.push({
          kind: "ramp",
          label: title?.textContent ?? undefined,
          labels: texts.filter((text) => text !== title).map((text) => text.textContent ?? ""),
        });
      }
      body.push(
        `<g${attributes(part, ["width", "height", "viewBox"])}` +
          ` transform="translate(0,${y})">${part.innerHTML}</g>`,
      );
      y += height;
    } else if (name === "div" && part.getAttribute("class")?.includes(`${className}-swatches`)) {
      const { markup, height, labels } = swatches(part, className, width, y);
      body.push(markup);
      legends.push({ kind: "swatches", labels });
      y += height;
    } else if (name !== "style") {
      skipped.push(name);
    }
  }

  const height = Math.ceil(y);
  const fontFamily = plot?.getAttribute("font-family") ?? "system-ui, sans-serif";
  const svg = `<svg ${SVG_NAMESPACES} class="${className}-figure" width="${width}"` +
    ` height="${height}" viewBox="0 0 ${width} ${height}" fill="currentColor"` +
    ` font-family="${escapeMarkup(fontFamily)}" text-anchor="start">` +
    `<style>:where(.${className}-figure) {display: block; height: auto; height: intrinsic;` +
    ` max-width: 100%; overflow: visible;}</style>` +
    body.join("") + `</svg>`;
  return { svg, width, height, title, legends, skipped };
}

// Swatches flow left to right and wrap, like Plot's CSS (`display: flex; flex-wrap`):
//   item width = swatch width + 0.5 em gap + label width + 1 em margin (font 10 px)
//   row height = max(swatch height, 15) + 5;  block = rows × row height + 0.5 em margin
function swatches(legend: Element, className: string, width: number, top: number) {
  const fontSize = 10;
  const items = [...legend.querySelectorAll(`.${className}-swatch`)];
  const marginLeft = parseFloat(
    /margin-left:\s*([\d.]+)px/.exec(
      legend.getAttribute("style") ?? "",
    )?.[1] ?? "0",
  );
  const rowHeight = Math.max(
    20,
    ...items.map((item) => size(item.querySelector("svg") ?? item, "height", 15) + 5),
  );
  const markup: string[] = [];
  const labels: string[] = [];
  let x = marginLeft, row = 0;
  for (const item of items) {
    const swatch = item.querySelector("svg");
    const label = (item.textContent ?? "").trim();
    labels.push(label);
    const swatchWidth = swatch ? size(swatch, "width", 15) : 0;
    const swatchHeight = swatch ? size(swatch, "height", 15) : 0;
    const itemWidth = swatchWidth + fontSize / 2 + estimateTextWidth(label, fontSize);
    if (x > marginLeft && x + itemWidth > width) {
      x = marginLeft;
      row++;
    }
    const middle = top + row * rowHeight + rowHeight / 2;
    if (swatch) {
      markup.push(
        `<svg${attributes(swatch, ["x", "y", "style"])} x="${x}" y="${
          middle - swatchHeight / 2
        }" overflow="visible">${swatch.innerHTML}</svg>`,
      );
    }
    markup.push(
      `<text x="${x + swatchWidth + fontSize / 2}" y="${middle}" dy="0.35em">${
        escapeMarkup(label)
      }</text>`,
    );
    x += itemWidth + fontSize;
  }
  const height = (items.length ? row + 1 : 0) * rowHeight + fontSize / 2;
  return {
    markup: `<g class="${className}-swatches" font-size="${fontSize}">${markup.join("")}</g>`,
    height,
    labels,
  };
}
