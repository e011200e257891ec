/**
 * Where the mock serves downloads (see handlers/downloads.ts): the `cdn_url`s it hands out.
 */
import type { PackageFileRecord, PackageRecord } from '../src/core/db/schemas.ts'
import { isCloudsmithHost } from '../src/core/hosts.ts'

/** The mock's own path for downloads, before `/{access}/{owner}/{repo}/...`. */
export const DOWNLOAD_PREFIX = '/__downloads'
/** Cloudsmith's download host, routed to DOWNLOAD_PREFIX by the in-process handlers. */
export const DOWNLOAD_HOST = 'https://dl.cloudsmith.io'

/**
 * Where downloads of files served by the API at `origin` live: Cloudsmith's download host when
 * the API is Cloudsmith's (in process), the mock's own origin otherwise (the standalone server).
 * @example
 * downloadBase('https://api.cloudsmith.io') // 'https://dl.cloudsmith.io'
 * downloadBase('http://127.0.0.1:8787') // 'http://127.0.0.1:8787/__downloads'
 */
export function downloadBase(origin: string): string {
  // Asked once per package serialised: the last origin's answer is kept (one or two in a run).
  if (origin !== last.origin)
    last = {
      origin,
      base: isCloudsmithHost(new URL(origin).hostname)
        ? DOWNLOAD_HOST
        : `${origin}${DOWNLOAD_PREFIX}`,
    }
  return last.base
}

let last = { origin: '', base: '' }

/** The `cdn_url` of one file of a package. */
export function fileCdnUrl(origin: string, pkg: PackageRecord, file: PackageFileRecord): string {
  return `${downloadBase(origin)}/basic/${pkg.namespace}/${pkg.repository}/${pkg.format}/${file.slug_perm}/${encodeURIComponent(file.filename)}`
}
