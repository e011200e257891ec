/**
 * SAML: an organisation's SAML authentication settings and its group sync (IdP group ->
 * team). The settings and whether group sync is on are one record per organisation; each sync
 * rule names an existing team (deleting the team deletes its rules).
 */
import { errors } from '../../../src/core/errors.ts'
import { defineFamily, type ResourceFamily } from '../family.ts'
import { recordOf } from './common.ts'
import { orgScope } from './org-scope.ts'
import { TEAM } from './teams.ts'

const SAML_DEFAULTS = {
  saml_auth_enabled: false,
  saml_auth_enforced: false,
  saml_metadata_inline: '',
  saml_metadata_url: null,
  saml_group_sync_status: false,
}

export const samlFamily: ResourceFamily = defineFamily({
  name: 'org-saml',
  group: 'orgs',
  scope: orgScope,
  singleton: true,
  read: 'orgs_saml-authentication_read',
  partialUpdate: 'orgs_saml-authentication_partial_update',
  levels: { read: 'admin' },
  hooks: {
    present: (record) =>
      Object.fromEntries(Object.entries(SAML_DEFAULTS).filter(([name]) => !(name in record.data))),
  },
  actions: {
    'orgs_saml-group-sync_enable': { set: { saml_group_sync_status: true } },
    'orgs_saml-group-sync_disable': { set: { saml_group_sync_status: false } },
    'orgs_saml-group-sync_status': {
      level: 'admin',
      handle: (_fc, record) => ({
        status: 200,
        body: { saml_group_sync_status: record?.data.saml_group_sync_status === true },
      }),
    },
  },
  summary:
    'SAML authentication settings (read, partial update); group sync enable, disable, status',
  relations: 'one per organisation; stored, not enforced (the mock signs nobody in through SAML)',
})

export const samlGroupSyncFamily: ResourceFamily = defineFamily({
  name: 'org-saml-group-sync',
  group: 'orgs',
  scope: orgScope,
  list: 'orgs_saml-group-sync_list',
  create: 'orgs_saml-group-sync_create',
  delete: 'orgs_saml-group-sync_delete',
  levels: { read: 'admin' },
  hooks: {
    beforeWrite(fields, fc) {
      if (!recordOf(fc.ctx.state, TEAM, fc.scope.key, String(fields.team)))
        throw errors.invalid({ team: [`No team "${String(fields.team).slice(0, 100)}".`] })
      return { role: 'Member', ...fields }
    },
  },
  summary: 'SAML group sync rules (IdP attribute and value -> team and role): list, create, delete',
  relations: 'each names an existing team; deleted with that team',
})
