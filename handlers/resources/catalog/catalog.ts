/**
 * Service-wide catalogues, the same for every caller and run: package formats (the 29 the
 * document has upload operations for), the distributions of the formats that have them, and
 * the storage regions (the ones repos_transfer_region accepts). Read by anyone.
 */
import { errors } from '../../../src/core/errors.ts'
import type { RouteContext } from '../../context.ts'
import { defineRoute, type RouteDefinition } from '../../define-route.ts'
import { storageRegions } from '../repos/transfer-region.ts'
import { upstreamFormats } from '../repos/upstreams.ts'

/** Format slug -> display name and typical file extensions. */
const FORMATS: Record<string, [string, string[]]> = {
  alpine: ['Alpine', ['.apk']],
  cargo: ['Cargo', ['.crate']],
  cocoapods: ['CocoaPods', ['.tar.gz']],
  composer: ['Composer', ['.zip']],
  conan: ['Conan', ['.tgz']],
  conda: ['Conda', ['.tar.bz2', '.conda']],
  cran: ['CRAN', ['.tar.gz', '.zip']],
  dart: ['Dart', ['.tar.gz']],
  deb: ['Debian', ['.deb', '.dsc']],
  docker: ['Docker', ['.tar', '.tar.gz']],
  generic: ['Generic', []],
  go: ['Go', ['.zip']],
  helm: ['Helm', ['.tgz']],
  hex: ['Hex', ['.tar']],
  huggingface: ['Hugging Face', []],
  luarocks: ['LuaRocks', ['.rock', '.rockspec']],
  maven: ['Maven', ['.jar', '.pom', '.war']],
  mcp: ['MCP', []],
  npm: ['npm', ['.tgz']],
  nuget: ['NuGet', ['.nupkg']],
  p2: ['P2', ['.zip']],
  python: ['Python', ['.whl', '.tar.gz', '.zip']],
  raw: ['Raw', []],
  rpm: ['RedHat', ['.rpm']],
  ruby: ['Ruby', ['.gem']],
  swift: ['Swift', ['.zip']],
  terraform: ['Terraform', ['.tar.gz']],
  vagrant: ['Vagrant', ['.box']],
  vsx: ['VSX', ['.vsix']],
}

/** Distribution slug -> [format, name, versions]. */
const DISTROS: Record<string, [string, string, string[]]> = {
  ubuntu: ['deb', 'Ubuntu', ['focal', 'jammy', 'noble']],
  debian: ['deb', 'Debian', ['bullseye', 'bookworm', 'trixie']],
  el: ['rpm', 'Enterprise Linux', ['8', '9']],
  fedora: ['rpm', 'Fedora', ['39', '40']],
  alpine: ['alpine', 'Alpine Linux', ['v3.19', 'v3.20']],
}

const REGION_LABELS: Record<string, string> = {
  default: 'Default',
  'us-ohio': 'US Ohio',
  'eu-frankfurt': 'EU Frankfurt',
  'ap-sydney': 'Asia-Pacific Sydney',
}

function distro(ctx: RouteContext, slug: string) {
  const [format, name, versions] = DISTROS[slug]!
  return {
    format,
    format_url: `${ctx.origin}/formats/${format}/`,
    name,
    self_url: `${ctx.origin}/distros/${slug}/`,
    slug,
    variants: null,
    versions: versions.map((v) => ({ name: v, slug: `${slug}/${v}` })),
  }
}

function format(ctx: RouteContext, slug: string) {
  const [name, extensions] = FORMATS[slug]!
  const distros = Object.keys(DISTROS).filter((d) => DISTROS[d]![0] === slug)
  return {
    slug,
    name,
    description: `${name} packages.`,
    extensions,
    premium: false,
    premium_plan_id: null,
    premium_plan_name: null,
    distributions: distros.length
      ? distros.map((d) => ({
          name: DISTROS[d]![1],
          slug: d,
          self_url: `${ctx.origin}/distros/${d}/`,
          variants: null,
        }))
      : null,
    supports: {
      dependencies: !['raw', 'generic', 'huggingface', 'mcp'].includes(slug),
      distributions: distros.length > 0,
      file_lists: true,
      filepaths: ['raw', 'generic'].includes(slug),
      metadata: true,
      upstreams: upstreamSupport((upstreamFormats as readonly string[]).includes(slug)),
      versioning: true,
    },
  }
}

/** FormatSupportUpstream: what the repos group's upstreams of the format offer. */
const upstreamSupport = (has: boolean) => ({
  auth_modes: has ? ['Username and Password', 'Token'] : [],
  caching: has,
  indexing: false,
  proxying: has,
  trust: has,
})

const get = (operationId: string, path: string, handle: RouteDefinition['handle']) =>
  defineRoute({ operationId, method: 'GET', path, access: 'optional', writes: false, handle })

const known = <T>(table: Record<string, T>, slug: string | undefined): string => {
  if (!slug || !Object.hasOwn(table, slug)) throw errors.notFound()
  return slug
}

export const catalogRoutes: RouteDefinition[] = [
  get('formats_list', '/formats/', (ctx) => ({
    status: 200,
    body: Object.keys(FORMATS).map((slug) => format(ctx, slug)),
  })),
  get('formats_read', '/formats/{slug}/', (ctx) => ({
    status: 200,
    body: format(ctx, known(FORMATS, ctx.params.slug)),
  })),
  get('distros_list', '/distros/', (ctx) => ({
    status: 200,
    body: Object.keys(DISTROS).map((slug) => distro(ctx, slug)),
  })),
  get('distros_read', '/distros/{slug}/', (ctx) => ({
    status: 200,
    body: distro(ctx, known(DISTROS, ctx.params.slug)),
  })),
  get('storage-regions_list', '/storage-regions/', () => ({
    status: 200,
    body: storageRegions.map((slug) => ({ slug, label: REGION_LABELS[slug] ?? slug })),
  })),
  get('storage-regions_read', '/storage-regions/{slug}/', (ctx) => {
    const slug = known(REGION_LABELS, ctx.params.slug)
    return { status: 200, body: { slug, label: REGION_LABELS[slug]! } }
  }),
]
