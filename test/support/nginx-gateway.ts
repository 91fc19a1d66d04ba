import { ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { issueServerCertificate } from '../../emulator/tls/issue';
import { CERTIFICATE_FILES } from '../../emulator/tls/certificates';
import { renderGatewayConfig } from '../../scripts/nginx-config';

/** Debian's nginx; `.ci/run` installs it when missing. */
export const NGINX_BINARY = '/usr/sbin/nginx';

export function nginxAvailable(): boolean {
  return existsSync(NGINX_BINARY);
}

/** One line of the gateway's access log (deploy/nginx/switchboard.conf.template's format). */
export interface AccessLine {
  client: string;
  requestId: string;
  method: string;
  path: string;
  status: number;
  upstream: string;
  upstreamStatus: string;
}

/**
 * nginx with deploy/nginx's configuration, as a child process (`daemon off`), in a prefix folder of
 * its own (no system path is written), its TLS certificate issued by the emulator's CA, which the
 * test process trusts already.
 */
export class NginxGateway {
  private stderr = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly prefix: string,
    readonly port: number,
  ) {
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  static start(options: { port: number; caPath: string; upstreams: string[] }): NginxGateway {
    const prefix = mkdtempSync(join(tmpdir(), 'switchboard-nginx-'));
    // nginx's workers drop root (to nobody) and keep temporary files under the prefix.
    chmodSync(prefix, 0o711);
    mkdirSync(join(prefix, 'tmp'));
    const caDir = dirname(options.caPath);
    const tls = issueServerCertificate(
      {
        cert: readFileSync(options.caPath, 'utf8'),
        key: readFileSync(join(caDir, CERTIFICATE_FILES.caKey), 'utf8'),
      },
      ['127.0.0.1', 'localhost'],
    );
    writeFileSync(join(prefix, 'gateway.pem'), tls.cert);
    writeFileSync(join(prefix, 'gateway-key.pem'), tls.key, { mode: 0o600 });
    const config = join(prefix, 'nginx.conf');
    writeFileSync(
      config,
      renderGatewayConfig({
        listen: `127.0.0.1:${options.port}`,
        serverName: 'localhost',
        tlsCertificate: join(prefix, 'gateway.pem'),
        tlsKey: join(prefix, 'gateway-key.pem'),
        upstreams: options.upstreams,
        accessLog: join(prefix, 'access.log'),
      }),
    );
    const child = spawn(NGINX_BINARY, ['-p', `${prefix}/`, '-c', config, '-e', 'stderr'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return new NginxGateway(child, prefix, options.port);
  }

  /** The access log so far (nginx writes each line as the request ends). */
  get access(): AccessLine[] {
    const file = join(this.prefix, 'access.log');
    if (!existsSync(file)) return [];
    const lines = readFileSync(file, 'utf8').split('\n');
    return lines.slice(0, -1).map((line) => JSON.parse(line) as AccessLine);
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  /** Resolves once nginx answers over TLS (a proxied `/health/live`). */
  async ready(timeoutMs = 15_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < until) {
      if (this.child.exitCode !== null) throw new Error(`nginx exited: ${this.stderr}`);
      try {
        const response = await fetch(`${this.url}/health/live`);
        if (response.ok) return;
        last = String(response.status);
      } catch (error) {
        last = (error as Error).message;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`nginx not ready (last: ${last}); stderr: ${this.stderr}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((done) => this.child.once('exit', done));
      // Fast shutdown: the master stops its workers before it exits (a killed master would orphan them).
      this.child.kill('SIGTERM');
      const force = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(force);
    }
    rmSync(this.prefix, { recursive: true, force: true });
  }
}
