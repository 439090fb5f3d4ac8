/**
 * `npm run stats:activations`: measures the input-activation statistics of the built-in models on real
 * photographs (PROFILE_IMAGES, installed by Debian packages python3-sklearn and python3-skimage) and writes
 * packages/models/src/activations/data/<model>.json, which loadActivationStats reads.
 * Usage: npm run stats:activations [-- model ...]   (default: every model with a forward pass)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MEASURED_ACTIVATION_MODELS } from '../packages/models/src/activations/loader.js';
import { profileActivations } from '../packages/models/src/activations/profile.js';
import { PROFILE_IMAGES } from '../packages/models/src/activations/profile-images.js';
import { CLIP_TOLERANCE } from '../packages/models/src/activations/quantize-activations.js';
import { loadBuiltinModel } from '../packages/models/src/builtin/index.js';
import { loadBuiltinProgram } from '../packages/models/src/inference/builtin-program.js';
import { decodeImage } from '../packages/models/src/inference/image.js';

const ids = process.argv.slice(2).length > 0 ? process.argv.slice(2) : [...MEASURED_ACTIVATION_MODELS];

/** The installed version of a Debian package, for the record. */
function debianVersion(pkg: string): string {
  try {
    return execFileSync('dpkg-query', ['-W', `-f=\${Version}`, pkg], { encoding: 'utf8' }).trim();
  } catch {
    return 'version unknown';
  }
}

const versions = new Map(
  [...new Set(PROFILE_IMAGES.map((i) => i.debianPackage))].map((p) => [p, debianVersion(p)]),
);

const images = PROFILE_IMAGES.map((image) => {
  try {
    return { ...image, decoded: decodeImage(readFileSync(image.path)) };
  } catch (error) {
    throw new Error(
      `${image.path}: ${(error as Error).message} (install it: apt-get install ${image.debianPackage})`,
    );
  }
});

for (const id of ids) {
  const start = performance.now();
  const model = await loadBuiltinProgram(id);
  const network = await loadBuiltinModel(id);
  const inputs = images.map((image) => model.prepare(image.decoded));
  const profiles = profileActivations(model.program, inputs);
  const seconds = (performance.now() - start) / 1000;
  const imageList = images
    .map((i) => `${i.debianPackage}:${i.path} (${i.decoded.h}x${i.decoded.w})`)
    .join(', ');
  const source = [
    `${id}: ${network.metadata.source}`,
    `measured by npm run stats:activations (bench/activation-stats.ts) on ${images.length} real photographs from Debian bookworm packages (${[...versions].map(([p, v]) => `${p} ${v}`).join(', ')}): ${imageList}`,
    `preprocessing: ${model.preprocessing}`,
    'activations: each conv / depthwise / dense layer input as stored (before padding), over all images; 8-bit magnitude code q = round(|a| / s * 255) with one scale per layer s = max |a| over all images (signed inputs by magnitude)',
    `precisionBits: the smallest p in 1..8 with at most ${CLIP_TOLERANCE * 100}% of the codes >= 2^p (leading zero bits dropped, no low bits)`,
    'onesHistogram: one bits of q; boothHistogram: nonzero digits of the NAF of q, bucket 4 = 4 or more',
    'samples: activation values per layer over all images',
  ].join('; ');
  const layerNames = network.layers.map((l) => l.name);
  const measured = profiles.map((p) => p.stats.layer);
  if (JSON.stringify(layerNames) !== JSON.stringify(measured)) {
    throw new Error(`${id}: profiled layers do not match the Network's layers in order`);
  }
  const out = new URL(`../packages/models/src/activations/data/${id}.json`, import.meta.url);
  writeFileSync(out, `${JSON.stringify({ source, layers: profiles.map((p) => p.stats) }, null, 2)}\n`);
  // The file is committed: lay it out as `npm run lint` (biome) expects.
  execFileSync(
    fileURLToPath(new URL('../node_modules/.bin/biome', import.meta.url)),
    ['format', '--write', fileURLToPath(out)],
    {
      stdio: 'ignore',
    },
  );
  const mean = (f: (p: (typeof profiles)[number]) => number) =>
    profiles.reduce((s, p) => s + f(p), 0) / profiles.length;
  console.log(
    `${id}: ${profiles.length} layers, ${images.length} images, ${seconds.toFixed(1)} s; mean over layers: ` +
      `zero fraction ${mean((p) => p.stats.onesHistogram[0]!).toFixed(3)}, Pa ${mean((p) => p.stats.precisionBits).toFixed(2)}, ` +
      `ones ${mean((p) => p.stats.onesHistogram.reduce((s, f, k) => s + f * k, 0)).toFixed(2)}, ` +
      `NAF terms ${mean((p) => p.stats.boothHistogram.reduce((s, f, k) => s + f * k, 0)).toFixed(2)}, ` +
      `signed layers ${profiles.filter((p) => p.negativeFraction > 0).length}`,
  );
  for (const p of profiles) {
    console.log(
      `  ${p.stats.layer.padEnd(28)} Pa ${p.stats.precisionBits} zero ${p.stats.onesHistogram[0]!.toFixed(3)} max ${p.maxAbs.toPrecision(4)} neg ${p.negativeFraction.toFixed(3)}`,
    );
  }
}
