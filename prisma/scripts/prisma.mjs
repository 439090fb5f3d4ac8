// Runs the Prisma CLI offline: `node prisma/scripts/prisma.mjs <command...>` (root scripts db:generate
// and db:prisma). The CLI looks for the native schema engine before any command and would download it;
// PRISMA_SCHEMA_ENGINE_BINARY points it at schema-engine.mjs, which relays its JSON-RPC to the WASM
// engine, so `generate`, `migrate dev|deploy|status|diff`, `db push|pull` all work without network.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const scriptsDir = dirname(fileURLToPath(import.meta.url));
const cli = createRequire(import.meta.url).resolve('prisma/build/index.js');
const { status } = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {
  cwd: resolve(scriptsDir, '..'),
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY:
      process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? join(scriptsDir, 'schema-engine.mjs'),
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
});
process.exit(status ?? 1);
