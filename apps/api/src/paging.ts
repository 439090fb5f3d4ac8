import { z } from 'zod';

/** Query fields every paged list takes. */
export function pageQuery(options: { defaultLimit: number; maxLimit: number }) {
  return {
    /** Items per page. */
    limit: z.coerce.number().int().min(1).max(options.maxLimit).default(options.defaultLimit),
    /** `nextCursor` of the previous page; omitted for the first page. */
    cursor: z.string().min(1).max(1000).optional(),
  };
}

/** A query parameter that may repeat and may hold comma-separated values, as one flat list. */
export function listParam<T extends z.ZodType<unknown, string>>(item: T) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')))
    .transform((values) => values.map((v) => v.trim()).filter((v) => v !== ''))
    .pipe(z.array(item).min(1, 'give at least one value'));
}

/** Path parameter of an object id; any string, since an id that does not exist is a 404, not a 400. */
export const IdSchema = z.string().min(1).max(200);
