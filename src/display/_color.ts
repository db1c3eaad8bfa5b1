// Parsing CSS colours into RGBA, for the canvas stub (_canvas.ts) and the hexdump's
// layer tints. Covers what d3 interpolators and Plot's schemes produce — hex, rgb(),
// rgba(), hsl(), hsla() — and a few common names; anything else returns null.

/** Red, green, blue, alpha, each 0–255. */
export type Rgba = [number, number, number, number];

const NAMED: Record<string, Rgba> = {
  black: [0, 0, 0, 255],
  white: [255, 255, 255, 255],
  red: [255, 0, 0, 255],
  green: [0, 128, 0, 255],
  blue: [0, 0, 255, 255],
  yellow: [255, 255, 0, 255],
  orange: [255, 165, 0, 255],
  purple: [128, 0, 128, 255],
  steelblue: [70, 130, 180, 255],
  gray: [128, 128, 128, 255],
  grey: [128, 128, 128, 255],
  transparent: [0, 0, 0, 0],
};

/** Parse a CSS colour as produced by d3 interpolators (hex, rgb(), rgba(), hsl(), names). */
export function parseColor(css: string): Rgba | null {
  const text = css.trim().toLowerCase();
  if (text in NAMED) return [...NAMED[text]] as Rgba;
  let match = /^#([0-9a-f]{3,8})$/.exec(text);
  if (match) {
    const hex = match[1];
    if (hex.length === 3 || hex.length === 4) {
      const digits = [...hex].map((d) => parseInt(d + d, 16));
      return [digits[0], digits[1], digits[2], digits[3] ?? 255];
    }
    if (hex.length === 6 || hex.length === 8) {
      const byte = (i: number) => parseInt(hex.slice(i, i + 2), 16);
      return [byte(0), byte(2), byte(4), hex.length === 8 ? byte(6) : 255];
    }
    return null;
  }
  match = /^(rgba?|hsla?)\(([^)]*)\)$/.exec(text);
  if (!match) return null;
  const parts = match[2].split(/[\s,/]+/).filter((part) => part !== "");
  if (parts.length < 3) return null;
  const number = (part: string, scale: number) =>
    part.endsWith("%") ? (parseFloat(part) / 100) * scale : parseFloat(part);
  const alpha = parts.length > 3 ? Math.round(number(parts[3], 1) * 255) : 255;
  if (match[1].startsWith("rgb")) {
    const [r, g, b] = parts.slice(0, 3).map((part) => Math.round(number(part, 255)));
    return [r, g, b, alpha].some(Number.isNaN) ? null : clamp([r, g, b, alpha]);
  }
  // hsl → rgb (CSS Color 4, §7.1): f(n) = l − a·max(−1, min(k − 3, 9 − k, 1)),
  // k = (n + h/30) mod 12, a = s·min(l, 1 − l); r, g, b = f(0), f(8), f(4).
  const hue = parseFloat(parts[0]);
  const saturation = number(parts[1], 1);
  const lightness = number(parts[2], 1);
  const a = saturation * Math.min(lightness, 1 - lightness);
  const f = (n: number) => {
    const k = (n + hue / 30) % 12;
    return Math.round(255 * (lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  const rgba: Rgba = [f(0), f(8), f(4), alpha];
  return rgba.some(Number.isNaN) ? null : clamp(rgba);
}

function clamp(rgba: Rgba): Rgba {
  return rgba.map((value) => Math.max(0, Math.min(255, value))) as Rgba;
}
