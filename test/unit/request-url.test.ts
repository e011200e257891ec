/**
 * The pipeline's URL memo (src/core/request-url.ts): a URL text asked again is the same parsed
 * URL, and one a caller changed is parsed again rather than handed out changed.
 */
import { expect, it } from 'vitest'
import { requestUrl } from '../../src/core/request-url.ts'

it('parses a URL text once and hands out the same URL for it', () => {
  const href = 'http://localhost/v1/repos/acme/?page=2'
  const url = requestUrl('GET', href)
  expect(url.searchParams.get('page')).toBe('2')
  expect(requestUrl('GET', href)).toBe(url)
})

it('parses again when a caller changed the URL it was given', () => {
  const href = 'http://localhost/v1/packages/acme/web/?page=1'
  const url = requestUrl('GET', href)
  url.searchParams.set('page', '9')
  const again = requestUrl('GET', href)
  expect(again).not.toBe(url)
  expect(again.href).toBe(href)
})

it('gives what new URL gives for texts it normalises, and throws what new URL throws', () => {
  expect(requestUrl('GET', 'http://LOCALHOST/v1/a/../repos/').href).toBe(
    'http://localhost/v1/repos/',
  )
  expect(requestUrl('GET', 'http://LOCALHOST/v1/a/../repos/').pathname).toBe('/v1/repos/')
  expect(() => requestUrl('GET', 'not a url')).toThrow(TypeError)
})

it('still parses every URL right past the ones it remembers', () => {
  for (let i = 0; i < 2000; i++)
    expect(requestUrl('GET', `http://localhost/v1/repos/acme/r${i}/`).pathname).toBe(
      `/v1/repos/acme/r${i}/`,
    )
  const long = `http://localhost/v1/repos/acme/${'x'.repeat(600)}/`
  expect(requestUrl('GET', long).pathname).toBe(`/v1/repos/acme/${'x'.repeat(600)}/`)
})

it('parses the URL of a write each time: a DELETE per new slug would push the reads out', () => {
  const href = 'http://localhost/v1/repos/acme/web/'
  expect(requestUrl('DELETE', href)).not.toBe(requestUrl('DELETE', href))
  expect(requestUrl('HEAD', href)).toBe(requestUrl('GET', href))
})
