// e2e/repositories.spec.ts
import { expect, test } from 'cloudsmith-mock/playwright'

test('lists the repositories', async ({ page, mock }) => {
  await page.goto('/')
  await page.getByRole('button', { name: 'Show repositories' }).click()
  await expect(page.getByRole('status')).toHaveText('6 repositories')
  await expect(page.getByRole('listitem')).toHaveCount(6)
  await expect(page.getByText('web-assets')).toBeVisible()
  // What the page asked for, as the mock saw it.
  await expect(mock).toHaveReceived('repos_namespace_list', { times: 1, status: 200 })
  const [list] = mock.journal.entries({ operationId: 'repos_namespace_list' })
  expect(list).toMatchObject({ method: 'GET', status: 200 })
})

test("shows Cloudsmith's message when the API fails", async ({ page, mock }) => {
  mock.use('server-error') // this test only
  await page.goto('/')
  await page.getByRole('button', { name: 'Show repositories' }).click()
  await expect(page.getByRole('status')).toHaveText('500: A server error occurred.')
  await expect(mock).toHaveReceived('repos_namespace_list', { status: 500 })
})

test('creates a repository', async ({ page, mock }) => {
  await page.goto('/')
  await page.getByLabel('Name').fill('web')
  await page.getByRole('button', { name: 'Create' }).click()
  await expect(mock).toHaveReceived('repos_create', {
    times: 1,
    status: 201,
    body: { name: 'web' },
  })
  await expect(page.getByRole('status')).toHaveText('Created web')
  // The mock's core answers the test as well: the repository is really there.
  const read = await mock.handle(
    new Request('https://api.cloudsmith.io/v1/repos/acme/web/', {
      headers: { 'X-Api-Key': 'demo-api-key' },
    }),
  )
  expect(read.status).toBe(200)
  await expect(mock).not.toHaveReceived('repos_delete')
})

test.describe('a workspace without repositories', () => {
  test.use({ mockOptions: { preset: 'empty' } })

  test('shows the empty state', async ({ page }) => {
    await page.goto('/')
    await page.getByRole('button', { name: 'Show repositories' }).click()
    await expect(page.getByText('No repositories yet')).toBeVisible()
  })
})
