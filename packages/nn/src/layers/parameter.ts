/** A trainable tensor and its gradient; `decay` marks weights that weight decay applies to. */
export interface Parameter {
  readonly name: string;
  readonly value: Float32Array;
  readonly grad: Float32Array;
  readonly decay: boolean;
}
