/**
 * An error the CLI reports as one line on stderr with a non-zero exit, never a stack trace.
 */
export class CliError extends Error {
  override name = 'CliError'
  readonly exitCode: number
  constructor(message: string, exitCode = 1) {
    super(message)
    this.exitCode = exitCode
  }
}

/** The first line of any error's message, for a one-line report. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n').find((line) => line.trim() !== '') ?? 'unknown error'
}
