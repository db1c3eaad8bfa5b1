import { assertHomeworkContract } from "@src/exercise/mod.ts";
import { chapterTwoHomework } from "./mod.ts";

Deno.test("every chapter 2 generator: same seed → identical text, seeds and classmates differ", () => {
  assertHomeworkContract(chapterTwoHomework);
});
