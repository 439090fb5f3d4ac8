/** Every error code swis-core throws; a retired code is never reused. */
export const SWIS_ERROR_CODES = ['SWIS_ERR_INPUT_INVALID', 'SWIS_ERR_QUANT_BUDGET_INFEASIBLE'] as const;

export type SwisErrorCode = (typeof SWIS_ERROR_CODES)[number];

/** One problem found while validating input: where it is and what is wrong. */
export interface InputIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** Base of every error swis-core throws on purpose; anything else is a bug. */
export abstract class SwisError extends Error {
  abstract readonly code: SwisErrorCode;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input does not satisfy the contract; `issues` lists every problem found, not just the first. */
export class InvalidInputError extends SwisError {
  readonly code = 'SWIS_ERR_INPUT_INVALID';

  constructor(
    message: string,
    readonly issues: readonly InputIssue[] = [],
  ) {
    super(issues.length > 0 ? `${message}: ${formatIssues(issues)}` : message);
  }
}

/** A valid request that cannot be met, e.g. a bit budget below the cheapest representation. */
export class InfeasibleBudgetError extends SwisError {
  readonly code = 'SWIS_ERR_QUANT_BUDGET_INFEASIBLE';
}

function formatIssues(issues: readonly InputIssue[]): string {
  return issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

/** Converts zod issues into InputIssues, with `prefix` prepended to every path. */
export function toInputIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  prefix: readonly (string | number)[] = [],
): InputIssue[] {
  return issues.map((i) => ({
    path: [...prefix, ...i.path.map((p) => (typeof p === 'number' ? p : String(p)))],
    message: i.message,
  }));
}
