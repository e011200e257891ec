/**
 * Versions compared as versions, for `version:>1.2`, `version:~=1.1.0` and `prerelease:`.
 * Cloudsmith documents these comparisons as semantic (docs.cloudsmith.com, "Package Search
 * Syntax") but not the ordering itself, so the mock picks, for each pair:
 * 1. semver's order when both are semantic versions (`1.2.3`, `v1.2.3-rc.1`; npm's `semver`);
 * 2. else PEP 440's order when both are PEP 440 versions (`1.0`, `2.0.0a1`, `1.0.post1`, and
 *    Debian-like `1.2-1`, read as a post release; `@renovatebot/pep440`);
 * 3. else a natural, case-insensitive order (`r10` after `r9`), so any two strings compare.
 */
import { compare as comparePep440, explain as explainPep440 } from '@renovatebot/pep440'
import parseSemver from 'semver/functions/parse.js'

// Made on first use: building an ICU collator loads its locale data, tens of ms that every
// process loading the search code would otherwise pay at start-up.
let natural: Intl.Collator | undefined

/** Negative, zero or positive as `a` is below, equal to or above `b`. */
export function compareVersions(a: string, b: string): number {
  const sa = parseSemver(a, true)
  const sb = sa && parseSemver(b, true)
  if (sa && sb) return sa.compare(sb)
  if (explainPep440(a) && explainPep440(b)) return comparePep440(a, b)
  natural ??= new Intl.Collator('en', { numeric: true, sensitivity: 'base' })
  return natural.compare(a, b)
}

/**
 * A test for `~=base`, PEP 440's compatible release: at least `base`, and the same release
 * numbers but the last (`~=1.1.0` is `>=1.1.0, ==1.1.*`, so 1.1.9 but not 1.2.0 nor 1.2.0a1;
 * `~=1.0` takes 1.x). A single number (`~=7`), which PEP 440 refuses, keeps its major. Null when
 * `base` does not start with a number.
 *
 * @example compatibleWith('9.2.0')!('9.2.7') // true
 */
export function compatibleWith(base: string): ((version: string) => boolean) | null {
  const numbers = releaseNumbers(base)
  if (!numbers) return null
  const prefix = numbers.length > 1 ? numbers.slice(0, -1) : numbers
  return (version) => {
    const own = releaseNumbers(version)
    return (
      own !== null &&
      prefix.every((n, i) => (own[i] ?? 0n) === n) &&
      compareVersions(version, base) >= 0
    )
  }
}

function releaseNumbers(version: string): bigint[] | null {
  const release = /^v?(\d+(?:\.\d+)*)/i.exec(version)?.[1]
  return release ? release.split('.').map(BigInt) : null
}

// Words Maven, Gradle and others use for unfinished versions that neither scheme parses.
const unfinished =
  /(?:^|[-._+~])(?:snapshot|alpha|beta|pre|preview|rc|dev|nightly)(?:[-._+]?\d*)?$/i

/** Whether a version is a prerelease: semver's `-tag`, PEP 440's a/b/rc/dev, or `-SNAPSHOT`. */
export function isPrerelease(version: string): boolean {
  const semantic = parseSemver(version, true)
  if (semantic) return semantic.prerelease.length > 0
  const pep440 = explainPep440(version)
  if (pep440) return pep440.is_prerelease
  return unfinished.test(version)
}
