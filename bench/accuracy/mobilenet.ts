import { FashionProbe, loadNsfwjsKeras, PhotoFidelity } from '@swis-dse/accuracy';
import { loadBuiltinModel } from '@swis-dse/models';
import { quantizeNetwork, type VariantId } from '@swis-dse/swis-core';

export interface MobilenetRow {
  readonly variant: VariantId | 'float';
  readonly bits?: number;
  readonly group?: number;
  /** Linear-probe accuracy on the Fashion-MNIST test subset with this backbone. */
  readonly probeAccuracy: number;
  /** Top-1 agreement of the 5-class head with the float model on the photographs. */
  readonly agreement: number;
  /** Mean KL(float || quantized) of the 5-class head, nats. */
  readonly meanKl: number;
  readonly seconds: number;
}

/**
 * The real MobileNet-v2 (nsfwjs, ImageNet-pretrained backbone) with its backbone quantized (conv and
 * depthwise layers; the dense head stays float): a linear probe trained on float features of upsampled
 * Fashion-MNIST, and fidelity of the 5-class head on Debian's photographs.
 */
export async function mobilenetRows(
  specs: readonly { variant: VariantId; bits: number; groupSize: number }[],
  log: (line: string) => void,
): Promise<{ rows: MobilenetRow[]; probeImages: { train: number; test: number }; views: number }> {
  const network = await loadBuiltinModel('mobilenet_v2');
  const keras = await loadNsfwjsKeras();
  const backbone = { ...network, layers: network.layers.filter((l) => l.kind !== 'dense') };
  const head = network.layers.filter((l) => l.kind === 'dense');
  const probe = await FashionProbe.load(keras, network.layers);
  const photos = await PhotoFidelity.load(keras, network.layers);
  const row = async (
    variant: MobilenetRow['variant'],
    layers: typeof network.layers,
    spec?: (typeof specs)[number],
  ) => {
    const started = performance.now();
    const probeAccuracy = await probe.accuracy(layers);
    const { agreement, meanKl } = await photos.evaluate(layers);
    const result: MobilenetRow = {
      variant,
      ...(spec === undefined ? {} : { bits: spec.bits, group: spec.groupSize }),
      probeAccuracy,
      agreement,
      meanKl,
      seconds: (performance.now() - started) / 1000,
    };
    log(
      `  mobilenet_v2 ${variant} ${spec?.bits ?? ''}: probe ${probeAccuracy.toFixed(4)}, agreement ${agreement.toFixed(3)}, KL ${meanKl.toFixed(3)}`,
    );
    return result;
  };
  const rows = [await row('float', network.layers)];
  for (const spec of specs) {
    const quantized = quantizeNetwork(backbone, spec).layers.map((l, i) => ({
      ...backbone.layers[i]!,
      weights: l.weights,
    }));
    rows.push(await row(spec.variant, [...quantized, ...head], spec));
  }
  return { rows, probeImages: { train: 8000, test: probe.test.count }, views: photos.inputs };
}
