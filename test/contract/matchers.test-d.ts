/**
 * The matchers' types (issue 18 point 1): operation ids from the generated list, bodies from the
 * operation's request schema in the document, every field optional. Checked by `tsc`.
 */
import { expect } from 'vitest'
import type { ExpectedBody, ExpectedRequest } from '../../src/adapters/vitest/index.ts'
import { createMock, type RepositoryCreateRequest } from '../../src/index.ts'
import type { RawPackageUploadRequest } from '../../src/generated/types.ts'

const mock = createMock()

// repos_create takes the document's RepositoryCreateRequest, partially.
expect(mock).toHaveReceived('repos_create', { body: { name: 'web' } })
expect(mock).toHaveReceived('repos_create', { times: 1, status: 201, body: { description: 'x' } })
// @ts-expect-error: an operation the document does not have
expect(mock).toHaveReceived('repos_creat')
// @ts-expect-error: a field RepositoryCreateRequest does not have
expect(mock).toHaveReceived('repos_create', { body: { nam: 'web' } })
// @ts-expect-error: a field of the wrong type
expect(mock).toHaveReceived('packages_upload_raw', { body: { package_file: 42 } })

expect(mock).toHaveReceivedInOrder([
  'files_create',
  { operation: 'packages_upload_raw', status: 201, body: { package_file: 'id' } },
])
// @ts-expect-error: the body is checked against the item's own operation
expect(mock).toHaveReceivedInOrder([{ operation: 'repos_create', body: { package_file: 'id' } }])

const body: ExpectedBody<'repos_create'> = {} satisfies Partial<RepositoryCreateRequest>
const raw: ExpectedBody<'packages_upload_raw'> = {} satisfies Partial<RawPackageUploadRequest>
const step: ExpectedRequest = 'user_self'
void [body, raw, step]
