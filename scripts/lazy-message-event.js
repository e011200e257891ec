/**
 * Injected into the CLI bundle (scripts/build-cli.ts) as its `MessageEvent`: Node's own, looked
 * up when the first event is made. rettime (through @msw/data) declares `class extends
 * MessageEvent` when loaded, and reading Node's global loads undici, ~30 ms of every start for
 * a server that makes no event before its first write. Instances are Node's MessageEvents,
 * made for the subclass (`new.target`); the prototype chain joins Node's at the first one.
 */
export function MessageEvent(type, init) {
  const NodeMessageEvent = globalThis.MessageEvent
  if (Object.getPrototypeOf(MessageEvent.prototype) !== NodeMessageEvent.prototype) {
    Object.setPrototypeOf(MessageEvent.prototype, NodeMessageEvent.prototype)
    Object.setPrototypeOf(MessageEvent, NodeMessageEvent)
  }
  return Reflect.construct(NodeMessageEvent, [type, init], new.target ?? NodeMessageEvent)
}
