/**
 * An organisation's invitations: create (to an email or an existing user), list, change the
 * role, extend, resend, delete. Invitations expire after INVITE_DAYS; accepting one happens
 * outside the API (a link in the email), so the mock never turns one into a membership.
 */
import { errors } from '../../../src/core/errors.ts'
import { callerName } from '../../access.ts'
import { defineFamily, type ResourceFamily } from '../family.ts'
import { apiUrl, isoIn, recordOf } from './common.ts'
import { orgScope, roleIn } from './org-scope.ts'
import { TEAM } from './teams.ts'

/** How long an invitation stays valid, and what an extension adds (the mock's choice). */
export const INVITE_DAYS = 14

export const inviteFamily: ResourceFamily = defineFamily({
  name: 'org-invite',
  group: 'orgs',
  scope: orgScope,
  list: 'orgs_invites_list',
  create: 'orgs_invites_create',
  partialUpdate: 'orgs_invites_partial_update',
  delete: 'orgs_invites_delete',
  hooks: {
    beforeWrite(fields, fc, existing) {
      if (existing) return fields
      const state = fc.ctx.state
      const org = fc.scope.key
      const email = typeof fields.email === 'string' ? fields.email : undefined
      const user = typeof fields.user === 'string' ? fields.user : undefined
      if (!email && !user)
        throw errors.invalid({ non_field_errors: ['Give the email or the user to invite.'] })
      if (user && state.db.namespaces.get(user)?.kind !== 'User')
        throw errors.invalid({ user: [`No user "${user.slice(0, 100)}".`] })
      if (user && roleIn(state, org, user))
        throw errors.invalid({ user: [`"${user}" is already a member of ${org}.`] })
      const teams = Array.isArray(fields.teams) ? (fields.teams as Record<string, unknown>[]) : []
      const missing = teams.filter((t) => !recordOf(state, TEAM, org, String(t.team)))
      if (missing.length)
        throw errors.invalid({
          teams: missing.map((t) => `No team "${String(t.team).slice(0, 100)}".`),
        })
      return {
        ...fields,
        email: email ?? state.db.namespaces.get(user!)?.email ?? '',
        // An invitation by email names no user yet; `user` (minLength 1, not nullable) shows the
        // address it was sent to.
        user: user ?? email,
        role: fields.role ?? 'Member',
        teams: teams.map((t) => ({ team: t.team, role: t.role ?? 'Member' })),
        org,
        inviter: callerName(fc.ctx),
        expires_at: isoIn(state, INVITE_DAYS),
      }
    },
    present: (record, fc) => ({
      inviter_url: apiUrl(fc.ctx.origin, `users/profile/${String(record.data.inviter)}/`),
      user_url: record.data.user
        ? apiUrl(fc.ctx.origin, `users/profile/${String(record.data.user)}/`)
        : null,
    }),
  },
  actions: {
    orgs_invites_extend: {
      set: (_record, fc) => ({ expires_at: isoIn(fc.ctx.state, INVITE_DAYS) }),
    },
    // Sends the email again: nothing in the record changes.
    orgs_invites_resend: { set: {} },
  },
  summary: 'invitations: list, create, change the role, extend, resend, delete',
  relations: `an invited user must not be a member yet and its teams must exist; expires ${INVITE_DAYS} days after creation or extension; never becomes a membership (acceptance is outside the API)`,
})
