import assert from "node:assert/strict";
import {
  formatAmount,
  formatQuantity,
  milliValue,
  parseQuantity,
  resourceAmount,
  value,
} from "./quantity.ts";

const canonical = (text: string) => formatQuantity(parseQuantity(text));

Deno.test("parseQuantity() + formatQuantity() match apimachinery's TestQuantityParseEmit table", () => {
  // staging/src/k8s.io/apimachinery/pkg/api/resource/quantity_test.go, TestQuantityParseEmit,
  // verbatim, including the negated pass.
  const table: [string, string][] = [
    ["1Ki", "1Ki"],
    ["1Mi", "1Mi"],
    ["1Gi", "1Gi"],
    ["1024Mi", "1Gi"],
    ["1000M", "1G"],
    [".001Ki", "1024m"],
    [".000001Ki", "1024u"],
    [".000000001Ki", "1024n"],
    [".000000000001Ki", "2n"],
  ];
  for (const [input, expected] of table) {
    assert.equal(canonical(input), expected, input);
    assert.equal(canonical(`-${input}`), `-${expected}`, `-${input}`);
  }
});

Deno.test("formatQuantity() writes DecimalExponent and DecimalSI like quantity_test.go TestQuantityString", () => {
  // dec(80, -3) DecimalExponent → "80e-3"; dec(300, 6) → "300e6"; dec(1, 12) → "1e12";
  // dec(3, 3) DecimalSI → "3k"; dec(1080, -9) DecimalSI → "1080n"; dec(1080, -6) → "1080u".
  assert.equal(canonical("80e-3"), "80e-3");
  assert.equal(canonical("300e6"), "300e6");
  assert.equal(canonical("1e12"), "1e12");
  assert.equal(canonical("3000"), "3k");
  assert.equal(canonical("1080n"), "1080n");
  assert.equal(canonical("1080u"), "1080u");
  assert.equal(canonical("0"), "0");
});

Deno.test("the canonical form never loses precision and keeps the family (quantity.go rules)", () => {
  assert.equal(canonical("1.5"), "1500m"); // "1.5 will be serialized as 1500m"
  assert.equal(canonical("1.5Gi"), "1536Mi"); // "1.5Gi will be serialized as 1536Mi"
  assert.equal(canonical("0.5Gi"), "512Mi");
  assert.equal(canonical("1023Ki"), "1023Ki");
  assert.equal(canonical("512Ki"), "512Ki");
  assert.equal(canonical("0.1"), "100m");
  assert.equal(canonical("12e6"), "12e6");
});

Deno.test("milliValue() and value() round up, as MilliValue()/Value() do", () => {
  assert.equal(milliValue(parseQuantity("100m")), 100);
  assert.equal(milliValue(parseQuantity("0.5")), 500);
  assert.equal(milliValue(parseQuantity("1u")), 1); // 0.001m → 1m
  assert.equal(value(parseQuantity("1.5")), 2);
  assert.equal(value(parseQuantity("1Gi")), 1073741824);
  assert.equal(value(parseQuantity("1e3")), 1000);
  assert.equal(resourceAmount("cpu", 2), 2000); // a YAML number
  assert.equal(resourceAmount("memory", "128M"), 128_000_000);
  assert.equal(formatAmount("cpu", 1500), "1500m");
  assert.equal(formatAmount("memory", 200 * 2 ** 20), "200Mi");
});

Deno.test("parseQuantity() rejects bad text with a SyntaxError naming the suffix", () => {
  assert.throws(
    () => parseQuantity("1 5"),
    (e) => e instanceof SyntaxError && /'1 5'.*unknown suffix " 5"/.test(e.message),
  );
  assert.throws(() => parseQuantity("2GB"), /unknown suffix "GB".*Ki Mi Gi/);
  assert.throws(() => parseQuantity("abc"), /there are no digits/);
  assert.throws(() => parseQuantity(""), /there are no digits/);
  assert.throws(() => parseQuantity("1.2.3"), /unknown suffix "\.3"/);
  assert.throws(() => parseQuantity(" 1"), /spaces around it/);
});
