/** Where `serve` listens unless told otherwise: loopback only, the port the README names. */
export const DEFAULT_PORT = 8787
export const DEFAULT_HOST = '127.0.0.1'
