/**
 * msw 3 gives every `setupServer()` in a process the same interceptor source: the server that
 * listens last takes the requests of the other (they go to the network) and every request it
 * gets is handled twice (two journal entries, a POST recorded 201 then 500). Nothing in msw says
 * so, so the mock refuses to be the second server and stops another from becoming it.
 */
import { defaultNetworkOptions } from 'msw/node'

type FrameListener = (...args: never[]) => unknown

/** The parts of msw's NetworkSource used here (its `emitter` is protected in the typings). */
interface SharedSource {
  emitter: {
    listenerCount(type: 'frame'): number
    listeners(type: 'frame'): FrameListener[]
    on(type: 'frame', listener: FrameListener): void
  }
  on?: (...args: unknown[]) => void
}

export const SECOND_SERVER_MESSAGE =
  'cloudsmith-mock: two MSW servers cannot listen in one process (msw 3 shares one interceptor ' +
  "between them: the last to listen takes the other's requests and handles each one twice). " +
  "Use one server: setupServer(...yourHandlers, ...createMock().handlers), or your own handlers in the mock's server with mock.server.use(...). " +
  'See "Using it with your own MSW server" in the README.'

const shared = defaultNetworkOptions.sources[0] as unknown as SharedSource | undefined

/** Throws when a server of this msw copy is already listening. */
export function assertNoOtherServer(): void {
  if (shared && shared.emitter.listenerCount('frame') > 0) throw new Error(SECOND_SERVER_MESSAGE)
}

/**
 * While the mock listens, another server's `listen()` throws SECOND_SERVER_MESSAGE, and the mock
 * keeps its requests. Returns the function that lifts the guard (call it before `close()`).
 */
export function guardAgainstSecondServer(): () => void {
  if (!shared) return () => {}
  const source = shared
  const ours = [...source.emitter.listeners('frame')]
  // A network's enable() clears the source's listeners, then calls on('frame'): ours are put
  // back before its listener is added, and its listen() fails with the reason.
  source.on = () => {
    for (const listener of ours) source.emitter.on('frame', listener)
    throw new Error(SECOND_SERVER_MESSAGE)
  }
  return () => {
    delete source.on
  }
}
