/**
 * stdout and stderr as the CLI writes lines to them. A reader that goes away
 * (`cloudsmith-mock serve | head -3`) must not end the server: node reports the broken pipe as
 * an 'error' on the stream, which ends the process when nobody listens, or which a listener
 * calling exit turned into an exit without saving. Here the stream is simply given up: its
 * lines are dropped from then on, and serving goes on.
 */
import type { Writable } from 'node:stream'

export interface LineOutput {
  /** Writes `text` and a newline, or nothing once the stream has failed (EPIPE, EBADF, ...). */
  write(text: string): void
}

/**
 * @example
 * const out = lineOutput(process.stdout)
 * out.write('listening') // dropped, never thrown, after the reader has gone
 */
export function lineOutput(stream: Writable): LineOutput {
  let open = true
  stream.on('error', () => {
    open = false
  })
  return {
    write(text) {
      if (open && !stream.destroyed) stream.write(`${text}\n`)
    },
  }
}
