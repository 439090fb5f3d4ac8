import type { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import { getModel, listModels, type ModelRecord, saveModel } from '@swis-dse/db';
import { readModelBytes, SINGLE_FILE_FORMATS } from '@swis-dse/models';
import type { Network } from '@swis-dse/swis-core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, invalidField, notFound } from '../errors.js';
import { checkDeclaredLength, readLimited, uploadFormat } from '../model-upload.js';
import { IdSchema, pageQuery } from '../paging.js';
import { ERROR_RESPONSES, ErrorBodySchema, ModelPageSchema, ModelSchema } from '../schemas.js';
import { isStorableText, UNSTORABLE_TEXT } from '../storable-text.js';

const UploadQuerySchema = z.object({
  /** Display name (multipart: defaults to the file's name). Its extension can give the format. */
  name: z.string().trim().min(1).max(200).optional(),
  /** @defaultValue from the name's extension, else the file's first bytes */
  format: z.enum([...SINGLE_FILE_FORMATS, 'tfjs']).optional(),
  /**
   * `H,W` of the network input, for files that do not declare it (safetensors, .npy, ONNX without
   * static input shapes): the simulator needs each layer's output size.
   */
  inputSize: z
    .string()
    .regex(/^\d{1,5},\d{1,5}$/, 'must be H,W (two positive integers)')
    .transform((text) => text.split(',').map(Number) as [number, number])
    .refine(([h, w]) => h > 0 && w > 0, 'must be H,W (two positive integers)')
    .optional(),
});

/** A model is only useful when every layer's input size is known (the simulator needs output sizes). */
function requireInputSizes(network: Network): void {
  const unknown = network.layers.find((layer) => layer.inputSize === null);
  if (unknown !== undefined) {
    throw invalidField(
      'inputSize',
      `the file does not declare the input size (layer ${unknown.name} has none); pass ?inputSize=H,W`,
    );
  }
}

function modelView(model: ModelRecord) {
  return {
    id: model.id,
    name: model.name,
    format: model.format,
    contentHash: model.contentHash,
    sizeBytes: model.sizeBytes,
    layers: model.layers,
    weights: model.weights,
    inputSize: model.inputSize === null ? null : ([...model.inputSize] as [number, number]),
    createdAt: model.createdAt.toISOString(),
  };
}

/** POST /v1/models (octet-stream or multipart, size-limited, parsed to validate), GET /v1/models[/:id]. */
export function modelRoutes({ db, config }: ApiDeps) {
  const limit = config.MAX_UPLOAD_BYTES;
  return async (root: FastifyInstance) => {
    // Uploads stream: the raw body reaches the handler unread, and the handler enforces the limit.
    root.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));
    await root.register(multipart, {
      limits: { fileSize: limit, files: 1, fields: 10, parts: 20 },
    });
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/models',
      {
        bodyLimit: limit,
        schema: {
          tags: ['models'],
          summary:
            'Upload a model (ONNX, safetensors or .npy): octet-stream with ?name=, or multipart field file',
          querystring: UploadQuerySchema,
          response: {
            200: ModelSchema,
            201: ModelSchema,
            ...ERROR_RESPONSES,
            413: ErrorBodySchema,
            415: ErrorBodySchema,
          },
        },
      },
      async (request, reply) => {
        const { teamId } = callerOf(request);
        checkDeclaredLength(request.headers['content-length'], limit);
        let name = request.query.name;
        let bytes: Uint8Array;
        if (request.isMultipart()) {
          const file = await request.file();
          if (file === undefined || file.fieldname !== 'file') {
            throw invalidField('file', 'send the model as the multipart field `file`');
          }
          name ??= file.filename || undefined;
          bytes = new Uint8Array(await file.toBuffer());
        } else if (request.headers['content-type']?.startsWith('application/octet-stream')) {
          bytes = await readLimited(request.body as Readable, limit);
        } else {
          throw new ApiError(
            'SWIS_ERR_API_UNSUPPORTED_MEDIA_TYPE',
            'send the model as application/octet-stream (with ?name=) or multipart/form-data (field file)',
          );
        }
        if (bytes.length === 0) throw invalidField('file', 'is empty');
        if (name !== undefined && !isStorableText(name)) {
          throw invalidField(request.query.name === undefined ? 'file' : 'name', UNSTORABLE_TEXT);
        }
        const given = request.query.format;
        const format = uploadFormat(name ?? 'upload', bytes, given);
        name ??= `model.${format}`;
        // Parsing is the validation: a ModelError (naming the file and the tensor or op) becomes a 400.
        const inputSize = request.query.inputSize ?? null;
        const network = readModelBytes(bytes, name, format, inputSize === null ? {} : { inputSize });
        requireInputSizes(network);
        const layers = network.layers.length;
        const weights = network.layers.reduce((sum, layer) => sum + layer.weights.length, 0);
        const { model, created } = await saveModel(db, {
          teamId,
          name,
          format,
          layers,
          weights,
          inputSize,
          bytes,
        });
        request.log.info({ modelId: model.id, created, sizeBytes: bytes.length }, 'model uploaded');
        return reply
          .code(created ? 201 : 200)
          .header('Location', `/v1/models/${model.id}`)
          .send(modelView(model));
      },
    );

    app.get(
      '/models',
      {
        schema: {
          tags: ['models'],
          summary: "The team's uploaded models, newest first",
          querystring: z.object(pageQuery({ defaultLimit: 20, maxLimit: 100 })),
          response: { 200: ModelPageSchema, ...ERROR_RESPONSES },
        },
      },
      async (request) => {
        const { teamId } = callerOf(request);
        const page = await listModels(db, teamId, request.query);
        return { items: page.items.map(modelView), nextCursor: page.nextCursor };
      },
    );

    app.get(
      '/models/:id',
      {
        schema: {
          tags: ['models'],
          summary: 'One uploaded model',
          params: z.object({ id: IdSchema }),
          response: { 200: ModelSchema, ...ERROR_RESPONSES },
        },
      },
      async (request) => {
        const { teamId } = callerOf(request);
        const model = await getModel(db, teamId, request.params.id);
        if (model === null) throw notFound('model', request.params.id);
        return modelView(model);
      },
    );
  };
}
