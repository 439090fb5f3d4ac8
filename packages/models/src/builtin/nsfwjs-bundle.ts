/**
 * The models npm `nsfwjs` ships inside its dist files: dist/models/<name>/model.min.js is a browserify bundle
 * of the model.json object, and each weight shard <path>.min.js a bundle of one base64 string literal.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ModelError } from '../errors.js';
import { asArray, asObject, asString } from '../formats/tfjs-json.js';

/** The exact dependency version, named in sources and errors. */
export const NSFWJS = 'nsfwjs@4.4.0';

const require = createRequire(import.meta.url);

/** A TensorFlow.js model as readTfjs takes it. */
export interface TfjsFiles {
  readonly modelJson: unknown;
  readonly shards: Uint8Array[];
  /** How errors and metadata name the model. */
  readonly file: string;
}

/** Reads nsfwjs's bundled model `name` (e.g. 'mobilenet_v2') and decodes its weight shards. */
export async function loadNsfwjsBundle(name: string): Promise<TfjsFiles> {
  // The package exports dist/cjs/models/<name>.js; the bundles sit in dist/models/<name>/, which is where
  // nsfwjs's own loader finds them too.
  const dir = join(dirname(require.resolve(`nsfwjs/models/${name}`)), '..', '..', 'models', name);
  const file = `${NSFWJS} dist/models/${name}/model.min.js`;
  // The model "JSON" is a JavaScript object literal inside a bundle, so evaluating the module is the
  // only faithful way to read it; it is small (~100 KB).
  const modelJson: unknown = require(join(dir, 'model.min.js'));
  const manifest = asArray(
    asObject(modelJson, { file }, 'model').weightsManifest,
    { file },
    'weightsManifest',
  );
  const paths = manifest.flatMap((group, g) =>
    asArray(asObject(group, { file }, `weightsManifest[${g}]`).paths, { file }, 'paths'),
  );
  const shards = await Promise.all(
    paths.map(async (path) => {
      const shard = `${asString(path, { file }, 'path')}.min.js`;
      const source = await readFile(join(dir, shard), 'latin1');
      return base64Literal(source, `${NSFWJS} dist/models/${name}/${shard}`);
    }),
  );
  return { modelJson, shards, file };
}

/**
 * The bytes of the base64 string literal a shard bundle exports, cut out of the source text: requiring the
 * multi-megabyte module instead takes seconds of parsing.
 */
function base64Literal(source: string, file: string): Uint8Array {
  const end = source.lastIndexOf('"');
  const start = source.lastIndexOf('"', end - 1);
  const text = source.slice(start + 1, end);
  if (start < 0 || text.length === 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    throw new ModelError(
      'SWIS_ERR_MODEL_FORMAT',
      { file },
      'no base64 weight literal found in the shard bundle',
    );
  }
  return Buffer.from(text, 'base64');
}
