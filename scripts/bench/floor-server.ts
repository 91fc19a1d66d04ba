/**
 * The smallest server of one kind that takes a notification and answers 202, for
 * `framework-floor.ts`: what the HTTP stack alone costs per request, before any of the service's
 * own work. `FLOOR_KIND` picks it: `node` (node:http, the bare server's stack), `fastify`, or
 * `nest` (Nest on Fastify, one controller, as the service's notification route is served).
 */
import 'reflect-metadata';
import { createServer } from 'node:http';
import { Body, Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import Fastify from 'fastify';

const port = Number(process.env.PORT);
const host = '127.0.0.1';

function startNode(): void {
  createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'POST') JSON.parse(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(req.method === 'POST' ? 202 : 200, { 'content-length': '0' }).end();
    });
  }).listen(port, host);
}

async function startFastify(): Promise<void> {
  const app = Fastify({ logger: false });
  app.get('/health/ready', () => ({ status: 'ok' }));
  app.post('/api/calling', (_request, reply) => reply.code(202).send());
  await app.listen({ port, host });
}

@Controller()
class FloorController {
  @Get('health/ready')
  ready(): { status: string } {
    return { status: 'ok' };
  }

  @Post('api/calling')
  @HttpCode(202)
  receive(@Body() body: unknown): void {
    if (typeof body !== 'object') throw new Error('no body');
  }
}

@Module({ controllers: [FloorController] })
class FloorModule {}

async function startNest(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(FloorModule, new FastifyAdapter(), {
    logger: false,
  });
  await app.listen(port, host);
}

const kinds: Record<string, () => void | Promise<void>> = {
  node: startNode,
  fastify: startFastify,
  nest: startNest,
};
const start = kinds[process.env.FLOOR_KIND ?? ''];
if (!start) throw new Error(`FLOOR_KIND must be one of ${Object.keys(kinds).join(', ')}`);
void start();
