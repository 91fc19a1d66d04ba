import http from 'node:http';
import https from 'node:https';
import type { HttpResult } from '../core/types';

/**
 * POSTs to the bot over pooled keep-alive connections: at a few hundred notifications a second a
 * fresh TCP (or TLS) connection per POST would cost more than the bot's own work.
 */
export class HttpPoster {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 256 });

  post(
    url: string,
    body: string,
    headers: Record<string, string>,
    timeoutMs: number,
  ): Promise<HttpResult> {
    const target = new URL(url);
    const isHttps = target.protocol === 'https:';
    const request = isHttps ? https.request : http.request;
    return new Promise<HttpResult>((resolve, reject) => {
      const req = request(
        target,
        {
          method: 'POST',
          agent: isHttps ? this.httpsAgent : this.httpAgent,
          headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: parseMaybeJson(text, res.headers['content-type']),
            });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no response within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

export function parseMaybeJson(text: string, contentType: string | undefined): unknown {
  if (text.length === 0) return '';
  if (contentType?.includes('json') || /^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}
