/**
 * Option value parsers for commander: each turns a string into a checked value or throws
 * commander's InvalidArgumentError, which commander reports as one line.
 */
import { InvalidArgumentError } from 'commander'
import { parseRateLimit } from '../core/rate-limit.ts'

export function parsePort(value: string): number {
  const port = Number(value)
  if (!/^\d+$/.test(value) || port > 65_535)
    throw new InvalidArgumentError('Expected a port from 0 to 65535 (0 picks a free port).')
  return port
}

export function parseNonNegativeInteger(value: string): number {
  const number = Number(value)
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number))
    throw new InvalidArgumentError('Expected a whole number >= 0.')
  return number
}

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
}

const SIZE_HINT = 'Expected a whole number of bytes, kb, mb or gb, such as 1048576, 512kb or 25mb.'

/**
 * `1048576`, `512kb`, `25mb`, `1gb` (binary units) -> bytes. Whole units only: `0.5` or
 * `1.5mb` is refused rather than rounded (`0.5` once became a limit of 0 bytes).
 * @throws InvalidArgumentError for anything else, zero, or more than 2^53 - 1 bytes.
 * @example parseByteSize('512kb') // 524288
 */
export function parseByteSize(value: string | number): number {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value > 0) return value
    throw new InvalidArgumentError(SIZE_HINT)
  }
  const match = /^\s*(\d+)\s*([a-z]*)\s*$/i.exec(value)
  const unit = UNITS[match?.[2]?.toLowerCase() ?? 'x']
  const bytes = match && unit !== undefined ? Number(match[1]) * unit : NaN
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new InvalidArgumentError(SIZE_HINT)
  return bytes
}

/** A whole number >= 1 (counts such as `--max-concurrent-uploads`). */
export function parsePositiveInteger(value: string): number {
  const number = Number(value)
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < 1)
    throw new InvalidArgumentError('Expected a whole number >= 1.')
  return number
}

/** `N/INTERVAL` such as `100/1m`: N requests per window. */
export function parseRateLimitOption(value: string): { limit: number; windowMs: number } {
  try {
    return parseRateLimit(value)
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message)
  }
}

/** Repeatable option: `--scenario a --scenario b,c` -> ['a', 'b', 'c']. */
export function collectList(value: string, previous: string[] | undefined): string[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
  return [...(previous ?? []), ...items]
}
