// Bank statements as the client-bank system exports them (1CClientBankExchange), sent as the body
// (text/plain or application/octet-stream) or as the `file` field of a multipart upload; the service
// (api/services/bank-statements.ts) answers each document.
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../deps.ts';
import { allow } from '../auth.ts';
import { AppError, validationFailed } from '../errors.ts';
import { importStatement, statementResponse } from '../services/bank-statements.ts';
import { errorResponses } from '../schemas.ts';

/** A year of one account's statements is far below this. */
const MAX_FILE = 10 * 1024 * 1024;

export const bankStatementRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  // the file's own Кодировка line says how to read it, so its bytes must reach the parser undecoded
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(['text/plain', 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: MAX_FILE }, (_request, body, done) => done(null, body));
  await app.register(multipart, { limits: { fileSize: MAX_FILE, files: 1, fields: 0 } });

  app.post(
    '/integrations/bank-statements',
    {
      preValidation: allow('importPayments'),
      bodyLimit: MAX_FILE,
      schema: {
        tags: ['integrations'],
        summary: 'Load a 1CClientBankExchange bank statement',
        description:
          'The statement file in Windows-1251, DOS or UTF-8 as its Кодировка line says: the request body (text/plain) or the `file` field of multipart/form-data. Amounts are in kopecks.',
        response: { ...errorResponses, 200: statementResponse },
      },
    },
    async (request) => importStatement(deps, request.principal, await statementBytes(request), request.log),
  );
};

async function statementBytes(request: FastifyRequest): Promise<Buffer> {
  if (request.isMultipart()) {
    const file = await request.file();
    if (!file || file.fieldname !== 'file') throw validationFailed([{ field: 'file', message: 'send the statement as the "file" field' }]);
    return file.toBuffer();
  }
  if (!Buffer.isBuffer(request.body)) {
    throw new AppError(415, 'VALIDATION_FAILED', 'Send the statement as text/plain or as the file field of multipart/form-data', [
      { field: 'headers.content-type', message: 'expected text/plain or multipart/form-data' },
    ]);
  }
  return request.body;
}
