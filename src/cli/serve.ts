/**
 * `cloudsmith-mock serve`: start the standalone server, print where it is, log requests, and
 * shut down cleanly on SIGINT/SIGTERM (requests in flight finish, the state is saved).
 */
import * as z from 'zod'
import {
  createMockHttpServer,
  StateFileError,
  type MockHttpServer,
} from '../adapters/server/index.ts'
import { OptionsError } from '../core/errors.ts'
import { CliError, oneLine } from './cli-error.ts'
import { banner, exposureWarning, isLoopback, requestLine } from './output.ts'
import type { ServePlan } from './serve-options.ts'

export interface ServeIo {
  version: string
  out(line: string): void
  err(line: string): void
}

function describeZod(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ')
}

/** Start-up failures as one line a user can act on. */
function explain(error: unknown, plan: ServePlan): CliError {
  if (error instanceof CliError) return error
  if (error instanceof StateFileError) return new CliError(error.message)
  // Flags merged with the config file: name the option, not the function that checked it.
  if (error instanceof OptionsError) return new CliError(`Invalid options: ${error.reason}`)
  if (error instanceof z.ZodError) return new CliError(`Invalid dataset: ${describeZod(error)}`)
  const code = (error as NodeJS.ErrnoException).code
  const where = `${plan.host}:${plan.port}`
  if (code === 'EADDRINUSE')
    return new CliError(
      `Port ${plan.port} is already in use on ${plan.host}; stop the other process or pick another with --port (0 picks a free one).`,
    )
  if (code === 'EACCES') return new CliError(`Not allowed to listen on ${where} (${code}).`)
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return new CliError(`Cannot listen on host ${plan.host}: no such local address (${code}).`)
  return new CliError(oneLine(error))
}

export async function serve(plan: ServePlan, io: ServeIo): Promise<MockHttpServer> {
  let app: MockHttpServer
  try {
    app = await createMockHttpServer({
      ...plan.server,
      version: io.version,
      onRequest: plan.quiet ? undefined : (entry) => io.out(requestLine(entry)),
      // Save failures say so themselves; anything else is the server's own fault.
      onError: (error) => io.err(`error: ${oneLine(error)}`),
    })
    const url = await app.listen(plan.port, plan.host)
    const counts = app.mock.db.counts()
    io.out(
      banner({
        version: io.version,
        url,
        host: plan.host,
        admin: plan.server.admin === false ? 'off' : plan.server.adminToken ? 'token' : 'open',
        active: app.mock.scenarios.active(),
        source: plan.source,
        restored: app.restored,
        counts: { repositories: counts.repositories, packages: counts.packages },
        clock: { mode: app.mock.clock.mode, now: app.mock.clock.now() },
      }),
    )
  } catch (error) {
    throw explain(error, plan)
  }
  if (!isLoopback(plan.host)) io.err(exposureWarning(plan.host))
  return app
}

/** Closes the server on the first SIGINT/SIGTERM; a second one exits at once. */
export function closeOnSignals(app: MockHttpServer, io: ServeIo, exit: (code: number) => void) {
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      io.err(`${signal} again: exiting without waiting.`)
      exit(1)
      return
    }
    stopping = true
    io.out(`${signal}: finishing requests in flight, then stopping.`)
    app.close().then(
      () => {
        io.out('Stopped.')
        exit(0)
      },
      (error: unknown) => {
        io.err(`error: ${oneLine(error)}`)
        exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
