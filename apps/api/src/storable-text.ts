// PostgreSQL text and jsonb hold neither NUL nor UTF-16 halves without their pair (as UTF-8 cannot).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What is wrong with text PostgreSQL cannot store, for an ApiIssue message. */
export const UNSTORABLE_TEXT =
  'holds a NUL character or an unpaired UTF-16 surrogate (\\u0000, \\ud800-\\udfff)';

/** False for text PostgreSQL refuses (a 500 if it got that far): NUL or a lone surrogate. */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}
