import { createHash, randomBytes } from 'node:crypto';
import { Prisma } from '../../generated/client.js';
import type { Db } from '../create-db.js';
import { ConflictError, NotFoundError } from './errors.js';

/** Keys look like `swis_<43 base64url chars>` (256 random bits); the first 12 characters tell keys apart. */
const KEY_PREFIX = 'swis_';
const SHOWN_PREFIX_LENGTH = 12;

/** The only form a key is stored in. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export async function createTeam(db: Db, name: string): Promise<{ id: string; name: string }> {
  try {
    return await db.team.create({ data: { name }, select: { id: true, name: true } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new ConflictError(`team ${name} already exists`, ['name']);
    }
    throw error;
  }
}

/** A new key for the team; the key itself is returned once and only its hash is stored. */
export async function createApiKey(
  db: Db,
  teamName: string,
): Promise<{ key: string; prefix: string; teamId: string }> {
  const team = await db.team.findUnique({ where: { name: teamName }, select: { id: true } });
  if (team === null) throw new NotFoundError(`no team named ${teamName}`, ['team']);
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  const prefix = key.slice(0, SHOWN_PREFIX_LENGTH);
  await db.apiKey.create({ data: { teamId: team.id, keyHash: hashApiKey(key), prefix } });
  return { key, prefix, teamId: team.id };
}

/** Revokes every live key with this prefix (or this whole key); false when none matched. */
export async function revokeApiKey(db: Db, prefixOrKey: string): Promise<boolean> {
  const where =
    prefixOrKey.length > SHOWN_PREFIX_LENGTH ? { keyHash: hashApiKey(prefixOrKey) } : { prefix: prefixOrKey };
  const { count } = await db.apiKey.updateMany({
    where: { ...where, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count > 0;
}

/** The team a live key belongs to, or null for an unknown or revoked key. */
export async function authenticate(
  db: Db,
  key: string,
): Promise<{ teamId: string; teamName: string; keyPrefix: string } | null> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 200) return null;
  const row = await db.apiKey.findUnique({
    where: { keyHash: hashApiKey(key) },
    select: { prefix: true, revokedAt: true, team: { select: { id: true, name: true } } },
  });
  if (row === null || row.revokedAt !== null) return null;
  return { teamId: row.team.id, teamName: row.team.name, keyPrefix: row.prefix };
}
