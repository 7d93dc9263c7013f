// How commands answer: a sentence (and a small table) for people, or one JSON document with --json for scripts.
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface Answer {
  /** What a person reads. */
  human: string;
  /** What a script parses (printed with --json). */
  json: unknown;
}

export function printAnswer(io: CliIo, answer: Answer, asJson: boolean): void {
  io.stdout(asJson ? `${JSON.stringify(answer.json, null, 2)}\n` : `${answer.human.replace(/\n*$/, '')}\n`);
}

/** A plain text table: a header row and left-aligned columns. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}
