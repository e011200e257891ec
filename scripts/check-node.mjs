/**
 * `npm test`'s first step: the project's scripts run TypeScript directly and msw 3 needs Node
 * 22.12 or newer. On Linux (x64, arm64) and Intel macOS, `npm ci` installs Node 22 into
 * node_modules/.bin (tools/dev-node), which npm puts first on the scripts' PATH; on Apple silicon
 * npm has no Node 22 build, so the Node on the PATH must be new enough (`nvm use` reads .nvmrc).
 * Plain JavaScript, so that an older Node can still say so. Exits 1 with one line when too old.
 */
import console from 'node:console'
import process from 'node:process'

const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `cloudsmith-mock's scripts need Node 22.12 or newer, and this is Node ${process.versions.node} ` +
      `(${process.execPath}). Run \`nvm install && nvm use\` (the version is in .nvmrc), then npm ci.`,
  )
  process.exit(1)
}
