import { assertHomeworkContract } from "@src/exercise/mod.ts";
import { homework } from "./mod.ts";

Deno.test("every chapter 4 generator: same seed → identical text, seeds and classmates differ", () => {
  assertHomeworkContract(homework);
});
