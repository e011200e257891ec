#!/usr/bin/env node
import { lineOutput } from './output-streams.ts'
import { run } from './program.ts'

// A reader that goes away (`fixtures | head`, `serve | head -3`) stops the output, not the
// command: `fixtures` ends as it would, `serve` keeps serving and still saves on SIGTERM.
const stdout = lineOutput(process.stdout)
const stderr = lineOutput(process.stderr)

await run(process.argv, {
  out: (text) => stdout.write(text),
  err: (text) => stderr.write(text),
  exit: (code) => process.exit(code),
})
