// Text measurement without a browser: an estimate of how wide a string is drawn.
//
// A server-side DOM has no layout engine, so `getBBox()` (used by Plot's `tip` mark) and
// the figure composer (which wraps titles and swatch legends) need a width estimate.
// The table below holds the advance widths of DejaVu Sans — the font the PNG fallback
// rasterises with — for printable ASCII, in hundredths of an em, read from
// /usr/share/fonts/truetype/dejavu/DejaVuSans{,-Bold}.ttf (`hmtx` table ÷ unitsPerEm).
// Browsers draw `system-ui`, which is a little narrower, so the estimate errs wide:
// boxes are roomy rather than clipped.
//
//   width(text) = fontSize × Σ advance(char) / 100
//
// Characters outside ASCII count as 0.62 em (the DejaVu average); wide East Asian
// characters as 1 em.

// Printable ASCII 32 (space) … 126 (~), hundredths of an em.
// deno-fmt-ignore
const REGULAR = [
  32, 40, 46, 84, 64, 95, 78, 27, 39, 39, 50, 84, 32, 36, 32, 34, 64, 64, 64,
  64, 64, 64, 64, 64, 64, 64, 34, 34, 84, 84, 84, 53, 100, 68, 69, 70, 77, 63,
  58, 77, 75, 29, 29, 66, 56, 86, 75, 79, 60, 79, 69, 63, 61, 73, 68, 99, 69,
  61, 69, 39, 34, 39, 84, 50, 50, 61, 63, 55, 63, 62, 35, 63, 63, 28, 28, 58,
  28, 97, 63, 61, 63, 63, 41, 52, 39, 63, 59, 82, 59, 59, 52, 64, 34, 64, 84,
];
// deno-fmt-ignore
const BOLD = [
  35, 46, 52, 84, 70, 100, 87, 31, 46, 46, 52, 84, 38, 42, 38, 37, 70, 70, 70,
  70, 70, 70, 70, 70, 70, 70, 40, 40, 84, 84, 84, 58, 100, 77, 76, 73, 83, 68,
  68, 82, 84, 37, 37, 77, 64, 100, 84, 85, 73, 85, 77, 72, 68, 81, 77, 110, 77,
  72, 73, 46, 37, 46, 84, 50, 50, 67, 72, 59, 72, 68, 44, 72, 71, 34, 34, 67,
  34, 104, 71, 69, 72, 72, 49, 60, 48, 71, 65, 92, 65, 65, 58, 71, 37, 71, 84,
];

/** Estimated drawn width of `text` in pixels at `fontSize` pixels. */
export function estimateTextWidth(text: string, fontSize: number, bold = false): number {
  const table = bold ? BOLD : REGULAR;
  let hundredths = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 32 && code <= 126) hundredths += table[code - 32];
    else if (code === 0x200b) continue; // zero-width space (Plot's tip puts one per line)
    else if (code >= 0x1100 && isWide(code)) hundredths += 100;
    else hundredths += 62;
  }
  return (hundredths * fontSize) / 100;
}

function isWide(code: number): boolean {
  return (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0x1f300 && code <= 0x1faff);
}

/**
 * Break `text` into lines no wider than `maxWidth` pixels, at spaces. A single word
 * longer than the line stays whole on its own line.
 */
export function wrapText(text: string, fontSize: number, maxWidth: number, bold = false): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/ +/)) {
      const candidate = line === "" ? word : `${line} ${word}`;
      if (line !== "" && estimateTextWidth(candidate, fontSize, bold) > maxWidth) {
        lines.push(line);
        line = word;
      } else {
        line = candidate;
      }
    }
    lines.push(line);
  }
  return lines;
}
