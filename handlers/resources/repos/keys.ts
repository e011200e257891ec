/**
 * A repository's signing keys (GPG, RSA, ECDSA: list the current one, set your own, regenerate)
 * and its X.509 certificates (RSA, ECDSA: list). One record per repository and kind; the key
 * material shown is derived from what was set and how many times it was regenerated, so a
 * regenerate visibly changes the fingerprint and the same history gives the same bytes.
 */
import type { OperationId } from '../../../src/core/openapi/index.ts'
import { defineFamily, type FamilyContext, type Fields, type ResourceFamily } from '../family.ts'
import { hexOf } from '../schema-body.ts'
import { repositoryScope } from '../scopes.ts'

type KeyKind = 'gpg' | 'rsa' | 'ecdsa'

const armour: Record<KeyKind, [string, string]> = {
  gpg: ['-----BEGIN PGP PUBLIC KEY BLOCK-----', '-----END PGP PUBLIC KEY BLOCK-----'],
  rsa: ['-----BEGIN PUBLIC KEY-----', '-----END PUBLIC KEY-----'],
  ecdsa: ['-----BEGIN PUBLIC KEY-----', '-----END PUBLIC KEY-----'],
}

/** The key's identity: the scope, the private key set (if any) and the regeneration count. */
function material(kind: string, data: Record<string, unknown>, fc: FamilyContext): string {
  const own = data[`${kind}_private_key`]
  return `${kind}\u0000${fc.scope.key}\u0000${typeof own === 'string' ? own : ''}\u0000${String(data.generation ?? 0)}`
}

function keyFamily(kind: KeyKind): ResourceFamily {
  return defineFamily({
    name: `repo-key.${kind}`,
    group: 'repos',
    scope: repositoryScope,
    singleton: true,
    list: `repos_${kind}_list` as OperationId,
    create: `repos_${kind}_create` as OperationId,
    actions: {
      [`repos_${kind}_regenerate`]: {
        set: (data: Fields) => ({
          generation: Number(data.generation ?? 0) + 1,
          [`${kind}_private_key`]: null,
        }),
      },
    },
    hooks: {
      beforeWrite: (fields) => ({ ...fields, generation: Number(fields.generation ?? 0) }),
      present(record, fc) {
        const fingerprint = hexOf(material(kind, record.data, fc), 40).toUpperCase()
        const body = hexOf(`${material(kind, record.data, fc)}\u0000public`, 128)
        return {
          active: true,
          default: record.data[`${kind}_private_key`] == null,
          fingerprint,
          fingerprint_short: fingerprint.slice(-16),
          public_key: `${armour[kind][0]}\n${btoa(body)}\n${armour[kind][1]}\n`,
          ...(kind === 'gpg' ? {} : { ssh_fingerprint: `SHA256:${btoa(hexOf(fingerprint, 32))}` }),
          comment: `${fc.scope.key} <${kind}@cloudsmith.io>`,
        }
      },
    },
    summary: `${kind.toUpperCase()} key: the current key (list), set your own (create), regenerate`,
    relations: 'one per repository, derived from the repository until set or regenerated',
  })
}

function certificateFamily(kind: 'rsa' | 'ecdsa'): ResourceFamily {
  return defineFamily({
    name: `repo-x509.${kind}`,
    group: 'repos',
    scope: repositoryScope,
    singleton: true,
    list: `repos_x509_${kind}_list` as OperationId,
    hooks: {
      // The certificate follows the repository's key of the same kind.
      present(_record, fc) {
        const key = fc.ctx.state.db.resources.get(`repo-key.${kind}:${fc.scope.key}:default`)
        const base = material(kind, key?.data ?? {}, fc)
        const chain = hexOf(`${base}\u0000chain`, 64).toUpperCase()
        const certificate = hexOf(`${base}\u0000x509`, 64).toUpperCase()
        return {
          active: true,
          default: true,
          issuing_status: 'Certificate successfully issued',
          certificate: `-----BEGIN CERTIFICATE-----\n${btoa(hexOf(base, 96))}\n-----END CERTIFICATE-----\n`,
          certificate_chain: `-----BEGIN CERTIFICATE-----\n${btoa(hexOf(`${base}c`, 96))}\n-----END CERTIFICATE-----\n`,
          certificate_fingerprint: certificate,
          certificate_fingerprint_short: certificate.slice(-16),
          certificate_chain_fingerprint: chain,
          certificate_chain_fingerprint_short: chain.slice(-16),
        }
      },
    },
    summary: `X.509 ${kind.toUpperCase()} certificate: list (the current one)`,
    relations: `follows the repository's ${kind.toUpperCase()} key (regenerating it changes the certificate)`,
  })
}

export const keyFamilies: readonly ResourceFamily[] = [
  keyFamily('gpg'),
  keyFamily('rsa'),
  keyFamily('ecdsa'),
  certificateFamily('rsa'),
  certificateFamily('ecdsa'),
]
