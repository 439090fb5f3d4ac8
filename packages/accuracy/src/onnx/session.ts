import ort from 'onnxruntime-node';

/** An ONNX Runtime session over an in-memory model with one float input and one float output. */
export class OnnxSession {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly inputName: string,
    private readonly outputName: string,
  ) {}

  static async create(model: Uint8Array): Promise<OnnxSession> {
    const session = await ort.InferenceSession.create(model, { graphOptimizationLevel: 'all' });
    return new OnnxSession(session, session.inputNames[0]!, session.outputNames[0]!);
  }

  /** Runs one batch: `input` holds dims.reduce(*) floats; returns the output's values. */
  async run(input: Float32Array, dims: readonly number[]): Promise<Float32Array> {
    const feeds = { [this.inputName]: new ort.Tensor('float32', input, [...dims]) };
    const result = await this.session.run(feeds);
    return result[this.outputName]!.data as Float32Array;
  }

  /** Runs one batch and returns every output's values by output name. */
  async runAll(input: Float32Array, dims: readonly number[]): Promise<Record<string, Float32Array>> {
    const feeds = { [this.inputName]: new ort.Tensor('float32', input, [...dims]) };
    const result = await this.session.run(feeds);
    return Object.fromEntries(
      this.session.outputNames.map((name) => [name, result[name]!.data as Float32Array]),
    );
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
