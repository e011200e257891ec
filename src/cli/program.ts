/**
 * The `cloudsmith-mock` command line: parses, then hands over to serve/commands. This directory
 * is the only code that touches argv, ports, files given by the user, and `process`.
 */
import { Command, Option } from 'commander'
import { CliError, oneLine } from './cli-error.ts'
import { DEFAULT_HOST, DEFAULT_PORT } from './defaults.ts'
import {
  collectList,
  parseByteSize,
  parseNonNegativeInteger,
  parsePort,
  parsePositiveInteger,
  parseRateLimitOption,
} from './parse-args.ts'
import type { ServeFlags } from './serve-options.ts'
import { packageVersion } from './version.ts'

const EXAMPLES = `
Examples:
  $ cloudsmith-mock serve                          # http://127.0.0.1:8787, default data
  $ cloudsmith-mock serve --port 0 --quiet         # any free port (printed at start)
  $ cloudsmith-mock serve --scenario rate-limited  # every call answers 429
  $ cloudsmith-mock serve --seed 7 --preset large --latency 50 --rate-limit 100/1m
  $ cloudsmith-mock serve --config mock.config.ts --persist .mock-state.json
  $ cloudsmith-mock serve --clock frozen --seed 3   # same requests, same bytes
  $ cloudsmith-mock scenarios
  $ cloudsmith-mock fixtures --preset empty > dataset.json
  $ cloudsmith-mock init public/

Then:
  $ curl -H 'X-Api-Key: demo-api-key' http://127.0.0.1:8787/v1/repos/acme/
  $ curl -H 'Prefer: code=404' http://127.0.0.1:8787/v1/user/self/
  $ curl -X PUT -H 'Content-Type: application/json' -d '{"scenarios":["server-error"]}' \\
      http://127.0.0.1:8787/__mock/scenarios
`

// Commands load the mock only when they run, so --help and --version answer at once.
const PRESET_HELP = 'dataset preset: empty, default or large (default "default")'

export interface ProgramIo {
  out(text: string): void
  err(text: string): void
  exit(code: number): void
}

export function createProgram(io: ProgramIo): Command {
  const version = packageVersion()
  const program = new Command('cloudsmith-mock')
    .description('A deterministic mock of the Cloudsmith v1 API: standalone server and tools.')
    .version(version, '-v, --version')
    .configureOutput({
      writeOut: (text) => io.out(text.replace(/\n$/, '')),
      writeErr: (text) => io.err(text.replace(/\n$/, '')),
    })
    .addHelpText('after', EXAMPLES)

  const serveCommand = program
    .command('serve')
    .description('Run the mock API server (the API at /v1/ and /, the admin API at /__mock/).')
    .addOption(
      new Option('-p, --port <port>', 'port to listen on (0: any free port)')
        .default(DEFAULT_PORT)
        .argParser(parsePort),
    )
    .addOption(
      new Option(
        '-H, --host <host>',
        'address to bind; other than loopback prints a warning',
      ).default(DEFAULT_HOST),
    )
    .addOption(
      new Option('--seed <n>', 'seed of every generated value (default 1)').argParser(
        parseNonNegativeInteger,
      ),
    )
    .option('--preset <name>', PRESET_HELP)
    .addOption(
      new Option(
        '-s, --scenario <name>',
        'scenario active from the start; repeat or comma-separate for several, highest first',
      ).argParser(collectList),
    )
    .option('-c, --config <file>', 'options from a JSON file or a JS/TS module (flags win)')
    .addOption(
      new Option('--latency <ms>', 'extra delay on every response').argParser(
        parseNonNegativeInteger,
      ),
    )
    .addOption(
      new Option(
        '--rate-limit <N/INTERVAL>',
        'requests per window per identity, e.g. 100/1m',
      ).argParser(parseRateLimitOption),
    )
    .addOption(
      new Option(
        '--clock <mode>',
        'real: time moves on from the start time (default); frozen: only POST /__mock/clock moves it',
      ).choices(['real', 'frozen']),
    )
    .option('--persist <file>', 'load state from FILE at start, save every change to it')
    .option('--no-admin', 'turn off the admin API under /__mock/')
    .addOption(
      new Option('--admin-token <token>', 'require this token for the admin API').env(
        'CLOUDSMITH_MOCK_ADMIN_TOKEN',
      ),
    )
    .addOption(
      new Option(
        '--max-body-size <size>',
        'largest request body, e.g. 512kb (default 25mb); uploads have their own',
      ).argParser(parseByteSize),
    )
    .addOption(
      new Option(
        '--max-upload-size <size>',
        'largest file or part sent to the upload target, e.g. 100mb (default 5gb)',
      ).argParser(parseByteSize),
    )
    .addOption(
      new Option(
        '--keep-bytes <size>',
        'bytes of uploads over 1 MiB kept (on disk, in a temporary directory) for downloads, e.g. 10gb (default 2gb)',
      ).argParser(parseByteSize),
    )
    .addOption(
      new Option(
        '--max-concurrent-uploads <n>',
        'uploads in flight at once; more get 429 with Retry-After (default 16)',
      ).argParser(parsePositiveInteger),
    )
    .addOption(
      new Option(
        '--cors-origin <origin>',
        'browser origin allowed to call the mock; repeatable (default: any)',
      ).argParser(collectList),
    )
    .addOption(
      new Option(
        '--allowed-host <name>',
        'Host header to answer besides loopback names, IP addresses and --host; repeatable, * for any',
      ).argParser(collectList),
    )
    .option('-q, --quiet', 'no per-request log lines')
    .action(async (flags: ServeFlags, command: Command) => {
      const given = (name: keyof ServeFlags) => {
        const source = command.getOptionValueSource(name)
        return source === 'cli' || source === 'env'
      }
      const { resolveServePlan } = await import('./serve-options.ts')
      const { closeOnSignals, serve } = await import('./serve.ts')
      const plan = await resolveServePlan(flags, given)
      const app = await serve(plan, { version, out: io.out, err: io.err })
      closeOnSignals(app, { version, out: io.out, err: io.err }, io.exit)
    })
  serveCommand.addHelpText('after', EXAMPLES)

  program
    .command('scenarios')
    .description('List the scenario catalog (built-in, plus those of a config file).')
    .option('-c, --config <file>', 'include the customScenarios of this config file')
    .option('--json', 'print the definitions as JSON')
    .action(async (options: { config?: string; json?: boolean }) => {
      const { listScenarios } = await import('./commands.ts')
      await listScenarios(options, io.out)
    })

  program
    .command('fixtures')
    .description('Print the dataset the server starts with, as JSON.')
    .addOption(new Option('--seed <n>', 'seed (default 1)').argParser(parseNonNegativeInteger))
    .option('--preset <name>', PRESET_HELP)
    .action(async (options: { seed?: number; preset?: string }) => {
      const { printFixtures } = await import('./commands.ts')
      await printFixtures(options, io.out)
    })

  program
    .command('init')
    .description("Copy msw's mockServiceWorker.js into your app's public directory.")
    .argument('<publicDir>', 'directory served at the root of your app, e.g. public/')
    .action(async (publicDir: string) => {
      const { initWorker } = await import('./commands.ts')
      await initWorker(publicDir, io.out)
    })

  return program
}

/** Runs the CLI; failures are one line on stderr and a non-zero exit code. */
export async function run(argv: readonly string[], io: ProgramIo): Promise<void> {
  try {
    await createProgram(io).parseAsync([...argv])
  } catch (error) {
    const code = error instanceof CliError ? error.exitCode : 1
    io.err(`cloudsmith-mock: error: ${oneLine(error)}`)
    io.exit(code)
  }
}
