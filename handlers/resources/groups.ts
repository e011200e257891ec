/**
 * What each group of the document is in the mock, for docs/operations.md and the README's
 * coverage section (both written by `npm run coverage:api -- --write-docs`). A group's helper
 * updates its line when it models the group; families describe themselves (family.ts).
 */
export interface GroupNote {
  /** What is modelled, one sentence. */
  modelled: string
  /** How its state relates to the rest of the mock. */
  relations: string
}

export const groupNotes: Readonly<Record<string, GroupNote>> = {
  repos: {
    modelled:
      'repositories (list, create, read, update, delete), privileges, upstreams of 20 formats, signing keys and certificates, GeoIP rules, retention, storage region',
    relations:
      'privileges are the records visibility reads (a grant opens a private repository, a PUT without it closes it); deleting a repository deletes its packages, uploads, privileges and resource records',
  },
  packages: {
    modelled:
      'list with the full search language, read, delete, copy, move, resync, tag, quarantine, status, upload and validate-upload of 29 formats',
    relations:
      'packages count toward their repository (package_count, size); uploads become packages; synchronisation plays out over polls or time',
  },
  files: {
    modelled: 'upload requests (create, validate, info, complete, abort) and the upload target',
    relations: 'an upload is consumed by one package upload',
  },
  user: {
    modelled: 'the caller (user_self)',
    relations: 'identity from API keys, Basic or Bearer credentials of the dataset',
  },
  rates: {
    modelled: 'the caller’s rate-limit window',
    relations: 'the same window every route counts',
  },
  status: { modelled: 'service status', relations: 'none' },
  namespaces: {
    modelled: 'namespaces the caller may see',
    relations: 'users and organisations of the dataset, memberships',
  },
  orgs: {
    modelled:
      'the caller’s organisations, members (list, read, role, visibility, remove, refresh), teams and team members, services, invitations, SAML settings and group sync, OpenID Connect providers, license, vulnerability and deny policies with evaluations and violations',
    relations:
      'members are the memberships the access rules read (a role change applies at once; removing a member removes their privileges and team places); a privilege granted to a team opens the repository to its members; deleting a team or service removes what was granted to it',
  },
}

/** The note for a group the table has nothing on yet. */
export const PENDING_NOTE: GroupNote = {
  modelled: 'nothing yet: its operations answer 501',
  relations: 'none',
}
