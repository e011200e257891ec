/**
 * packages_list `query`, table-driven: each row is a query and the slugs it must answer, over a
 * small hand-made repository. The syntax and its meaning come from Cloudsmith's "Package Search
 * Syntax" page (docs.cloudsmith.com/artifact-management/search-filter-sort-packages, "docs"
 * below), the CLI's `cloudsmith list packages --help` ("CLI") and the web app's search help
 * ("web help"). Where those are silent the mock's own choice is named as such (docs/search.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDefaultDataset } from '../../fixtures/index.ts'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import type { PackageRecord } from '../../src/index.ts'
import { call, type ErrorReply } from './support.ts'

const NOW = Date.UTC(2026, 0, 1)
const DAY = 86_400_000

function pkg(
  slug: string,
  format: string,
  name: string,
  version: string | null,
  filename: string,
  more: Partial<PackageRecord> = {},
): PackageRecord {
  const uploaded = more.uploaded_at ?? NOW - 100 * DAY
  return {
    slug_perm: `perm${slug.replace(/[^a-z0-9]/gi, '').slice(0, 20)}`,
    slug,
    namespace: 'acme',
    repository: 'platform',
    name,
    version,
    format,
    distribution: null,
    filename,
    size: 5000,
    files: [
      {
        slug_perm: `file${slug.replace(/[^a-z0-9]/gi, '').slice(0, 20)}`,
        filename,
        size: 5000,
        is_primary: true,
        checksum_md5: 'd41d8cd98f00b204e9800998ecf8427e',
        checksum_sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
        checksum_sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        checksum_sha512: 'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce',
      },
    ],
    tags: {},
    tags_immutable: {},
    uploader: 'demo',
    uploaded_at: uploaded,
    description: null,
    summary: null,
    license: null,
    downloads: 0,
    sync: { started_at: uploaded, steps: 0, polled: 0, outcome: 'completed', reason: null },
    quarantined: false,
    ...more,
  }
}

const packages: PackageRecord[] = [
  pkg('notes', 'raw', 'notes.txt', null, 'notes.txt', { size: 100, uploaded_at: NOW - 10 * DAY }),
  pkg('widget-1', 'npm', '@acme/widget', '1.2.3', 'widget-1.2.3.tgz', {
    downloads: 50,
    license: 'MIT',
    tags: { version: ['latest'] },
    uploaded_at: Date.UTC(2025, 5, 1),
  }),
  pkg('widget-2-rc', 'npm', '@acme/widget', '2.0.0-rc.1', 'widget-2.0.0-rc.1.tgz', {
    downloads: 5,
    license: 'MIT',
    size: 6000,
    uploaded_at: Date.UTC(2025, 11, 31, 12),
  }),
  pkg('tool-921', 'python', 'acme-tool', '9.2.1', 'acme_tool-9.2.1-py3-none-any.whl', {
    downloads: 11,
    size: 900,
    uploaded_at: Date.UTC(2025, 0, 15, 9),
  }),
  pkg('tool-91', 'python', 'acme-tool', '9.1', 'acme_tool-9.1-py3-none-any.whl', {
    downloads: 10,
    size: 1000,
  }),
  pkg('tool-930a1', 'python', 'acme-tool', '9.3.0a1', 'acme_tool-9.3.0a1-py3-none-any.whl'),
  pkg('libx-amd64', 'deb', 'libx', '7.1.0-1', 'libx_7.1.0-1_amd64.deb', {
    distribution: 'ubuntu/jammy',
    tags: { version: ['latest'] },
  }),
  pkg('libx-arm64', 'deb', 'libx', '7.1.0-1', 'libx_7.1.0-1_arm64.deb', {
    distribution: 'ubuntu/jammy',
  }),
  pkg('libx-rpm', 'rpm', 'libx', '70.0.1', 'libx-70.0.1-1.x86_64.rpm', {
    distribution: 'el/9',
    tags_immutable: { info: ['latest'] },
  }),
  pkg('app-snapshot', 'maven', 'app', '1.0-SNAPSHOT', 'app-1.0-SNAPSHOT.jar'),
]
const everything = packages.map((p) => p.slug)
const except = (...slugs: string[]) => everything.filter((s) => !slugs.includes(s))
const versioned = packages.filter((p) => p.version !== null).map((p) => p.slug)

const mock = setupMockServer({
  now: NOW,
  onUnhandledFrame: 'error',
  dataset: () => ({ ...buildDefaultDataset({ packageCount: 0, now: NOW }), packages }),
})
beforeAll(() => mock.listen())
afterAll(() => mock.close())

async function search(query: string) {
  return call<{ slug: string }[] | ErrorReply>(
    'GET',
    `/v1/packages/acme/platform/?page_size=500&query=${encodeURIComponent(query)}`,
  )
}

async function slugsFor(query: string): Promise<string[]> {
  const reply = await search(query)
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  return (reply.body as { slug: string }[]).map((p) => p.slug).sort()
}

/** [query, expected slugs, where the meaning comes from]. */
const cases: [string, string[], string][] = [
  // Boolean logic: docs, "Boolean evaluation"; issue 14 saw `[]` for the OR.
  ['format:raw OR format:npm', ['notes', 'widget-1', 'widget-2-rc'], 'docs: OR'],
  ['format:raw format:npm', [], 'docs: AND is implied'],
  ['format:raw AND format:npm', [], 'docs: AND'],
  ['tag:latest AND (format:rpm OR format:npm)', ['libx-rpm', 'widget-1'], 'docs: CLI example'],
  ['format:deb OR format:rpm name:widget', ['libx-amd64', 'libx-arm64'], 'docs: AND before OR'],
  ['(format:deb OR format:rpm) name:libx', ['libx-amd64', 'libx-arm64', 'libx-rpm'], 'docs'],
  [
    'NOT (format:python OR format:deb OR format:rpm OR format:maven)',
    ['notes', 'widget-1', 'widget-2-rc'],
    'docs: NOT',
  ],
  // Negation: docs "~ for negation"; CLI help "name:~foo"; issue 14 saw `[]` for name:~x.
  ['name:~widget', except('widget-1', 'widget-2-rc'), 'CLI: name:~foo'],
  ['~name:widget', except('widget-1', 'widget-2-rc'), 'docs: ~foo'],
  ['NOT name:widget', except('widget-1', 'widget-2-rc'), 'docs: NOT'],
  ['format:deb architecture:~amd64', ['libx-arm64'], 'CLI: architecture:~x86'],
  // Strings: contains unless anchored (docs "use anchors for exact match").
  ['name:^libx$', ['libx-amd64', 'libx-arm64', 'libx-rpm'], 'docs: anchors'],
  ['filename:.whl$', ['tool-91', 'tool-921', 'tool-930a1'], 'CLI: filename:.zip$'],
  ['name:"acme-tool"', ['tool-91', 'tool-921', 'tool-930a1'], 'quoted value'],
  ['license:MIT', ['widget-1', 'widget-2-rc'], 'web help: license:MIT'],
  ['distribution:el', ['libx-rpm'], 'CLI: distribution:el'],
  ['distribution:ubuntu/jammy', ['libx-amd64', 'libx-arm64'], 'docs: distribution:el/7'],
  ['architecture:arm64', ['libx-arm64'], 'docs: architecture:x86_64'],
  ['architecture:x86_64', ['libx-rpm'], 'docs: architecture:x86_64'],
  ['checksum:e3b0c442', everything, 'docs: checksum:5afba'],
  // Bare words: name, filename, version, arch, distro (CLI), tag (web help).
  ['widget', ['widget-1', 'widget-2-rc'], 'CLI: implicit name'],
  ['arm64', ['libx-arm64'], 'CLI: implicit arch'],
  ['latest', ['libx-amd64', 'libx-rpm', 'widget-1'], 'web help: implicit tag'],
  // Versions, semantic: docs "Version - Semantic"; issue 14 saw `[]` for each.
  ['version:>0.0.1', versioned, 'docs: version:>1.1.0'],
  ['version:>=9.2.0 format:python', ['tool-921', 'tool-930a1'], 'docs: >='],
  ['version:<9.2 format:python', ['tool-91'], 'docs: version:<1.1.0'],
  // 7.1.0-1 is semver's prerelease of 7.1.0; 1.0-SNAPSHOT is neither semver nor PEP 440 and
  // compares naturally (the mock's fallback, docs/search.md).
  ['version:<=9.1.0', except('tool-921', 'tool-930a1', 'libx-rpm', 'notes'), 'docs: <='],
  ['version:~=9.2.0', ['tool-921'], 'docs: ~=1.1.0 is >=1.1.0 and <1.2.0'],
  ['version:~=9.0', ['tool-91', 'tool-921', 'tool-930a1'], 'docs: ~=1.0 takes 1.x'],
  ['version:9.1.0', ['tool-91'], 'docs: version:1.1.0 is semantic (9.1 == 9.1.0)'],
  ['version:>=2.0.0-rc.1 format:npm', ['widget-2-rc'], 'semver: rc.1 precedes 2.0.0'],
  // Versions, string-based: docs `version:^1.1.0$`, `version:1.1.0*post1`; `^` is an anchor.
  ['version:^7', ['libx-amd64', 'libx-arm64', 'libx-rpm'], 'docs: ^ anchors the string'],
  ['version:^7.1.0-1$', ['libx-amd64', 'libx-arm64'], 'docs: version:^1.1.0$'],
  ['version:7*-1', ['libx-amd64', 'libx-arm64'], 'docs: version:1.1.0*post1'],
  // Prerelease: docs "prerelease:true / false"; a Debian revision is not a prerelease.
  ['prerelease:true', ['app-snapshot', 'tool-930a1', 'widget-2-rc'], 'docs: prerelease'],
  ['prerelease:false format:python', ['tool-91', 'tool-921'], 'docs: prerelease'],
  // Numbers: docs "downloads:>8", "size:<10000".
  ['downloads:>10', ['tool-921', 'widget-1'], 'docs: downloads:>8'],
  ['downloads:>=10', ['tool-91', 'tool-921', 'widget-1'], 'docs: >='],
  ['downloads:<1', except('tool-91', 'tool-921', 'widget-1', 'widget-2-rc'), 'docs: <'],
  ['size:<1000', ['notes', 'tool-921'], 'docs: size:<10000'],
  ['size:1000', ['tool-91'], 'a number alone is equality'],
  ['format:python AND downloads:>10 AND size:>800', ['tool-921'], 'docs: CLI example'],
  // Dates: docs "uploaded:>'1 day ago'", "uploaded: >'1 month ago'".
  ['uploaded:>2025-12-01', ['notes', 'widget-2-rc'], 'issue 14: uploaded:>2026-01-01'],
  ['uploaded:<2025-02-01', ['tool-921'], 'docs: uploaded:<date'],
  ['uploaded:2025-01-15', ['tool-921'], 'docs: uploaded on that day'],
  ["uploaded: >'15 days ago'", ['notes', 'widget-2-rc'], "docs: uploaded: >'1 month ago'"],
  [
    'uploaded:>"June 1, 2025 10:00 UTC"',
    except('widget-1', 'tool-921'),
    'web help: uploaded:<"August 14, 2022 EST"',
  ],
  // Documented fields the mock has no data for: accepted, answered as the data says.
  ['policy_violated:false', everything, 'docs: policy_violated'],
  ['dependency:log4j', [], 'docs: dependency'],
  ['vulnerabilities:>1', [], 'web help: vulnerabilities'],
]

describe('packages_list query, table-driven', () => {
  it.each(cases)('%s answers %j (%s)', async (query, expected) => {
    expect(await slugsFor(query)).toEqual([...expected].sort())
  })
})

/** [query, the 1-based character the message points at, a phrase of the message]. */
const invalid: [string, number, string][] = [
  ['format:raw OR', 12, 'after "OR"'],
  ['OR format:raw', 1, '"OR" needs a search term before it'],
  ['(format:raw', 1, 'Unclosed "("'],
  ['format:raw)', 11, 'Unmatched ")"'],
  ['()', 1, 'Empty parentheses'],
  ['name:"unclosed', 6, 'Unclosed quote'],
  ['architecture:', 14, 'needs a value'],
  ['colour:red', 1, 'Unknown search field "colour"'],
  ['__proto__:x', 1, 'Unknown search field "__proto__"'],
  ['constructor:x', 1, 'Unknown search field "constructor"'],
  ['name:>3', 6, 'does not compare'],
  ['size:>big', 7, 'not one'],
  ['downloads:~=3', 11, 'does not take "~="'],
  ['uploaded:>someday', 11, 'compares dates'],
  ['prerelease:maybe', 12, 'true or false'],
  ['version:~=latest', 11, 'starts with a number'],
]

describe('packages_list query that cannot be parsed', () => {
  it.each(invalid)('%s is a 422 naming query at character %i', async (query, at, phrase) => {
    const reply = await search(query)
    expect(reply.status).toBe(422)
    const body = reply.body as ErrorReply
    expect(Object.keys(body.fields ?? {})).toEqual(['query'])
    expect(body.fields!.query![0]).toContain(phrase)
    expect(body.fields!.query![0]).toContain(`at character ${at}.`)
  })
})

describe('packages_list query that depends on the time', () => {
  it("answers again when the clock moves: uploaded:>'15 days ago' is measured from now (docs: relative dates)", async () => {
    expect(await slugsFor("uploaded:>'15 days ago'")).toEqual(['notes', 'widget-2-rc'])
    mock.clock.advance(5 * DAY)
    try {
      expect(await slugsFor("uploaded:>'15 days ago'")).toEqual(['widget-2-rc'])
    } finally {
      mock.reset()
    }
  })
})
