import { execFileSync, execSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

/** Whether this test process may stop and start the machine's PostgreSQL at DATABASE_URL. */
export function canRestartPostgres(): boolean {
  const url = process.env.DATABASE_URL;
  if (!url || process.getuid?.() !== 0 || !existsSync('/etc/postgresql')) return false;
  const { hostname, port } = new URL(url);
  return (hostname === '127.0.0.1' || hostname === 'localhost') && (port === '' || port === '5432');
}

const cluster = () => readdirSync('/etc/postgresql')[0]!;

/** Stops the machine's PostgreSQL (fast shutdown: connections are terminated). */
export function stopPostgres(): void {
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', cluster(), 'main', 'stop', '-m', 'fast'], {
    stdio: 'pipe',
  });
}

/** Starts it again and waits until it accepts connections. */
export function startPostgres(): void {
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', cluster(), 'main', 'start'], { stdio: 'pipe' });
  execSync('for i in $(seq 1 60); do pg_isready -h 127.0.0.1 -p 5432 -q && exit 0; sleep 0.5; done; exit 1');
}

/** Whether REDIS_URL is the machine's Redis, which this process may flush and restart. */
export function canRestartRedis(): boolean {
  const url = process.env.REDIS_URL;
  if (!url || process.getuid?.() !== 0) return false;
  const { hostname, port } = new URL(url);
  return (hostname === '127.0.0.1' || hostname === 'localhost') && (port === '' || port === '6379');
}

/** Stops Redis without saving (it keeps nothing on disk), then starts it as .ci/run does. */
export function restartRedis(downMs: number): void {
  execSync('redis-cli -h 127.0.0.1 -p 6379 shutdown nosave || true', { stdio: 'pipe' });
  execSync(`sleep ${downMs / 1000}`);
  execSync(
    'mkdir -p /var/lib/redis /var/log/redis && redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log',
    { stdio: 'pipe' },
  );
  execSync(
    'for i in $(seq 1 60); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && exit 0; sleep 0.2; done; exit 1',
  );
}

/** Deletes every key of the machine's Redis. */
export function flushRedis(): void {
  execSync('redis-cli -h 127.0.0.1 -p 6379 flushall', { stdio: 'pipe' });
}
