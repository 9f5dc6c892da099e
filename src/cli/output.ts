/** Where the CLI writes: results on stdout, progress and diagnostics on stderr. */
export interface Output {
  /** a line of the command's result for people (stdout) */
  result(line: string): void;
  /** the machine-readable summary: one JSON object as the last line of stdout */
  json(value: unknown): void;
  /** progress, warnings and notes (stderr), silenced by --quiet */
  note(line: string): void;
  readonly quiet: boolean;
  readonly color: boolean;
}

export function consoleOutput(options: { quiet?: boolean } = {}): Output {
  const quiet = options.quiet ?? false;
  return {
    quiet,
    color: process.stderr.isTTY === true && process.env.NO_COLOR === undefined,
    result: (line) => process.stdout.write(`${line}\n`),
    json: (value) => process.stdout.write(`${JSON.stringify(value)}\n`),
    note: (line) => {
      if (!quiet) process.stderr.write(`${line}\n`);
    },
  };
}

/** Rounds for display without losing what matters: 6 significant digits. */
export function fmt(value: number, digits = 6): string {
  if (!Number.isFinite(value)) return String(value);
  return Number(value.toPrecision(digits)).toString();
}
