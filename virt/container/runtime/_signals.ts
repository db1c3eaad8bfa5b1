// Signal names and numbers for `kill` (private to runtime/): the table runc's parseSignal
// reads (a number, or a name with or without "SIG", any case), from signal(7) for x86 and
// arm64 Linux. The model's program dies on the signals whose default action is to
// terminate it and that it does not catch; SIGSTOP/SIGCONT/SIGCHLD… are only delivered.
//
//   name     number  default action (signal(7))
//   SIGHUP   1       Term        SIGKILL  9   Term (cannot be caught)
//   SIGINT   2       Term        SIGUSR2  12  Term
//   SIGQUIT  3       Core        SIGPIPE  13  Term
//   SIGUSR1  10      Term        SIGTERM  15  Term
//   SIGCHLD  17      Ign         SIGCONT  18  Cont     SIGSTOP 19  Stop

/** Signal numbers by name (signal(7), x86/arm64). */
export const SIGNALS: Readonly<Record<string, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGABRT: 6,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGCHLD: 17,
  SIGCONT: 18,
  SIGSTOP: 19,
  SIGTSTP: 20,
  SIGWINCH: 28,
};

/** Signals that end the model's program: it installs no handlers (the model's choice). */
const ENDS = new Set(["SIGHUP", "SIGINT", "SIGQUIT", "SIGABRT", "SIGKILL", "SIGTERM"]);

/**
 * Parse a kill signal as runc does ("KILL", "sigterm", "9", 15); returns its canonical
 * name and whether it ends the program. Unknown names: RangeError with runc's wording
 * ("unknown signal") and the fix.
 */
export function parseSignal(signal: unknown): { name: string; ends: boolean } {
  const text = String(signal).trim();
  let name: string | undefined;
  if (/^\d+$/.test(text)) {
    name = Object.keys(SIGNALS).find((key) => SIGNALS[key] === Number(text));
  } else if (typeof signal === "string") {
    const upper = text.toUpperCase();
    const full = upper.startsWith("SIG") ? upper : `SIG${upper}`;
    if (full in SIGNALS) name = full;
  }
  if (name === undefined) {
    throw new RangeError(
      `unknown signal ${JSON.stringify(signal)}; use a name such as "SIGTERM", "SIGKILL", ` +
        `"SIGINT", "SIGHUP" (the "SIG" is optional) or a number such as 15`,
    );
  }
  return { name, ends: ENDS.has(name) };
}
