import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { OpenApiConfigType } from './config';

/**
 * The operator API's OpenAPI document: the UI at `openapi.path` and the JSON at `<path>-json`,
 * or nothing when `openapi.enabled` is false.
 */
export function setUpOpenApi(
  app: INestApplication,
  config: Pick<OpenApiConfigType, 'enabled' | 'path'>,
): void {
  if (!config.enabled) return;
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Switchboard operator API')
      .setDescription('Calls answered by Switchboard, and decisions on deferred calls.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An operator API key' })
      .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, 'x-api-key')
      .build(),
  );
  SwaggerModule.setup(config.path.slice(1), app, document);
}
