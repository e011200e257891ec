/** Addresses a serialised package links to: its API URLs and its pages on the website. */
import type { PackageRecord } from '../../src/core/db/schemas.ts'

/** Cloudsmith's website, which `self_html_url` and `self_webapp_url` point into. */
export const WEB = 'https://cloudsmith.io'

/** A package's own URLs (API and website), by slug_perm as Cloudsmith builds them. */
export function packageUrls(pkg: PackageRecord, origin: string) {
  const base = `${origin}/packages/${pkg.namespace}/${pkg.repository}/${pkg.slug_perm}/`
  return {
    self_url: base,
    status_url: `${base}status/`,
    self_html_url: `${WEB}/~${pkg.namespace}/repos/${pkg.repository}/packages/detail/${pkg.format}/${pkg.slug_perm}/`,
    self_webapp_url: `${WEB}/${pkg.namespace}/${pkg.repository}/${pkg.slug_perm}/`,
  }
}
