// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL (offline `prisma migrate deploy`).
import { migrate } from '../src/migrate.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set');
  process.exit(2);
}
const started = performance.now();
const applied = await migrate(url);
const ms = Math.round(performance.now() - started);
console.log(applied.length ? `applied ${applied.join(', ')} in ${ms} ms` : `up to date (${ms} ms)`);
process.exit(0);
