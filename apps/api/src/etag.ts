import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A weak ETag from an object's id and version: the body also holds time-derived fields (etaSeconds), so
 * two responses with one tag are equivalent, not byte-identical.
 */
export function weakEtag(id: string, version: number): string {
  return `W/"${id}.${version}"`;
}

/**
 * Sets ETag and Cache-Control: no-cache; true when the request's If-None-Match already names the tag
 * (weak comparison, `*` matches), in which case the caller answers 304 without a body.
 */
export function notModified(request: FastifyRequest, reply: FastifyReply, etag: string): boolean {
  reply.header('ETag', etag).header('Cache-Control', 'no-cache');
  const header = request.headers['if-none-match'];
  if (header === undefined) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}
