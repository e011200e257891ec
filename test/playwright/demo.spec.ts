/**
 * The demo app with the mock it does not start itself (`?mock=off`, as in a production build):
 * every API request is routed to the test's own mock by `cloudsmith-mock/playwright`.
 */
import { createMock } from 'cloudsmith-mock'
import { expect, routeToMock, test } from 'cloudsmith-mock/playwright'

// The demo's first request; the app shows Cloudsmith's pagination headers.
const firstPage = 'Page 1 of 2 (6 repositories)'

test("the app lists the mock's repositories, and the journal has the request", async ({
  page,
  mock,
}) => {
  await page.goto('/?mock=off')
  await expect(page.locator('#page-info')).toHaveText(firstPage)
  await expect(page.locator('#repo-list tr')).toHaveCount(3)
  // No Service Worker took part: the page has none.
  expect(await page.evaluate(() => navigator.serviceWorker.getRegistrations())).toEqual([])
  await expect(mock).toHaveReceived('repos_namespace_list', { times: 1, status: 200 })
  const [entry] = mock.journal.entries({ operationId: 'repos_namespace_list' })
  expect(entry).toMatchObject({ method: 'GET' })
  expect(entry?.query).toContain('page_size=3')
})

test('a scenario chosen in the test answers the page', async ({ page, mock }) => {
  mock.use('server-error')
  await page.goto('/?mock=off')
  await expect(page.locator('#page-info')).toHaveText(
    'Could not load repositories: 500: A server error occurred.',
  )
  await expect(mock).toHaveReceived('repos_namespace_list', { status: 500 })
  expect(mock.journal.entries({ status: 500 }).map((e) => e.scenario)).toEqual(['server-error'])
})

test('a repository created through the UI is in the mock, with the body the app sent', async ({
  page,
  mock,
}) => {
  await page.goto('/?mock=off')
  await expect(page.locator('#page-info')).toHaveText(firstPage)
  await page.fill('#create-name', 'from-playwright')
  await page.click('#create-form button[type="submit"]')
  // Straight after the click: the matcher waits for the request as toHaveText waits for text.
  await expect(mock).toHaveReceived('repos_create', {
    times: 1,
    status: 201,
    body: { name: expect.stringMatching(/^from-playwright$/) },
  })
  await expect(page.locator('#page-info')).toHaveText('Page 1 of 3 (7 repositories)')
  // The mock's core answers the test too: the repository is there for any client.
  const read = await mock.handle(
    new Request('https://api.cloudsmith.io/v1/repos/acme/from-playwright/', {
      headers: { 'X-Api-Key': 'demo-api-key' },
    }),
  )
  expect(read.status).toBe(200)
})

test('each test has its own mock: the repository created before is gone', async ({
  page,
  mock,
}) => {
  await page.goto('/?mock=off')
  await expect(page.locator('#page-info')).toHaveText(firstPage)
  await expect(mock).not.toHaveReceived('repos_create')
})

test('a request that never came fails with the closest requests of the journal', async ({
  page,
  mock,
}) => {
  await page.goto('/?mock=off')
  await expect(page.locator('#page-info')).toHaveText(firstPage)
  const quick = expect.configure({ timeout: 300 })
  await expect(
    quick(mock).toHaveReceived('repos_create', { body: { name: 'web' } }),
  ).rejects.toThrow(
    /received it 0 times[\s\S]*Closest requests in the journal[\s\S]*repos_namespace_list 200/,
  )
  await expect(quick(mock).not.toHaveReceived('repos_namespace_list')).rejects.toThrow(
    'Expected the mock not to receive repos_namespace_list',
  )
})

test("a network-error scenario makes the page's fetch reject", async ({ page, mock }) => {
  mock.use('network-error')
  await page.goto('/?mock=off')
  await expect(page.locator('#page-info')).toHaveText(/^Could not load repositories: .*fetch/i)
})

test.describe('options for a group of tests', () => {
  test.use({ mockOptions: { preset: 'empty' } })

  test('test.use({ mockOptions }) starts the mock from another preset', async ({ page }) => {
    await page.goto('/?mock=off')
    await expect(page.locator('#page-info')).toHaveText('Page 1 of 1 (0 repositories)')
  })
})

test('an upload through the UI reaches the upload host and syncs, all in the mock', async ({
  page,
  mock,
}) => {
  await page.goto('/?mock=off')
  await page.click('#repo-list tr[data-repo="web-assets"] button.select')
  await page.click('#upload-submit')
  await expect(page.locator('#upload-status')).toHaveAttribute('data-done', 'true')
  await expect(page.locator('#upload-status')).toHaveText(
    'demo-notes 1.0.1: Completed (Fully Synchronised)',
  )
  // The multipart form went to the upload URL the mock handed out, and was accepted there.
  const [request, sent, created, ...more] = mock.journal
    .entries()
    .filter((e) => e.method === 'POST')
  expect(more).toEqual([])
  expect(request).toMatchObject({ operationId: 'files_create', status: 202 })
  expect(sent?.status).toBeGreaterThanOrEqual(200)
  expect(sent?.status).toBeLessThan(300)
  expect(created).toMatchObject({ operationId: 'packages_upload_raw', status: 201 })
  await expect(mock).toHaveReceivedInOrder([
    { operation: 'files_create', status: 202 },
    { operation: 'packages_upload_raw', status: 201 },
  ])
  expect(mock.journal.entries().filter((e) => e.status >= 400)).toEqual([])
})

test('unrouting while an answer is on its way: the answer still arrives, nothing fails', async ({
  page,
}) => {
  // routeToMock directly, so the test itself unroutes while the mock is still answering (the
  // fixture does the same at every test's end: mswjs/playwright#15 is that race).
  const mock = createMock()
  mock.use('slow') // every answer after 1,500 ms

  await page.goto('/?mock=off')
  const routed = await routeToMock(page, mock)
  const answered = page.evaluate(async () => {
    const response = await fetch('https://api.cloudsmith.io/v1/user/self/', {
      headers: { 'X-Api-Key': 'demo-api-key' },
    })
    return response.status
  })
  await new Promise((resolve) => setTimeout(resolve, 300))
  await routed.unroute()
  expect(await answered).toBe(200)
})
