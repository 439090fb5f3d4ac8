#!/usr/bin/env node
// Stands in for Prisma's native `schema-engine` binary, which the CLI would download: point
// PRISMA_SCHEMA_ENGINE_BINARY here (the db:* scripts do) and the CLI's JSON-RPC is relayed to the WASM
// schema engine over @prisma/adapter-pg. See schema-engine-relay.ts.
import { register } from 'tsx/esm/api';

register();
await import('./schema-engine-relay.ts');
