/**
 * Fills the placeholders of deploy/nginx/switchboard.conf.template (the gateway in front of two or
 * more instances). A library for the gateway's test, and a command:
 *
 *   tsx scripts/nginx-config.ts --listen 443 --server-name bot.example.com \
 *     --certificate /etc/tls/bot.pem --key /etc/tls/bot-key.pem \
 *     --upstream 10.0.0.11:3000 --upstream 10.0.0.12:3000 [--access-log /dev/stdout] > nginx.conf
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const NGINX_TEMPLATE = resolve(__dirname, '../deploy/nginx/switchboard.conf.template');

export interface GatewayValues {
  /** `port` or `address:port`. */
  listen: string;
  serverName: string;
  tlsCertificate: string;
  tlsKey: string;
  /** `host:port` of each instance; the template has two `server` lines, more are added after them. */
  upstreams: readonly string[];
  /** Default `/dev/stdout` (a container's log); a file path otherwise. */
  accessLog?: string;
}

/** A value that could end a directive or open a block would let a setting rewrite the config. */
const SAFE_VALUE = /^[A-Za-z0-9_.:/[\]-]+$/;

function checked(name: string, value: string): string {
  if (!SAFE_VALUE.test(value)) throw new Error(`${name}: not a plain nginx value: ${value}`);
  return value;
}

export function renderGatewayConfig(values: GatewayValues, template?: string): string {
  if (values.upstreams.length < 2) throw new Error('upstreams: at least two instances');
  const [first, second, ...more] = values.upstreams.map((u) => checked('upstream', u));
  const placeholders: Record<string, string> = {
    LISTEN: checked('listen', values.listen),
    SERVER_NAME: checked('serverName', values.serverName),
    TLS_CERTIFICATE: checked('tlsCertificate', values.tlsCertificate),
    TLS_KEY: checked('tlsKey', values.tlsKey),
    UPSTREAM_1: first,
    UPSTREAM_2: second,
    ACCESS_LOG: checked('accessLog', values.accessLog ?? '/dev/stdout'),
  };
  const text = template ?? readFileSync(NGINX_TEMPLATE, 'utf8');
  // Only `${NAME}` is a placeholder; nginx's own variables are written `$name`.
  let rendered = text.replace(/\$\{([A-Z0-9_]+)\}/g, (whole, name: string) => {
    const value = placeholders[name];
    if (value === undefined) throw new Error(`unknown placeholder ${whole}`);
    return value;
  });
  for (const upstream of more) {
    rendered = rendered.replace(
      /^(\s*)(server \S+ max_fails=\S+ fail_timeout=\S+;\n)(?!\s*server )/m,
      (_, indent: string, line: string) =>
        `${indent}${line}${indent}server ${upstream} ${line.split(' ').slice(2).join(' ')}`,
    );
  }
  return rendered;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      listen: { type: 'string', default: '443' },
      'server-name': { type: 'string' },
      certificate: { type: 'string' },
      key: { type: 'string' },
      upstream: { type: 'string', multiple: true },
      'access-log': { type: 'string' },
    },
  });
  const missing = ['server-name', 'certificate', 'key', 'upstream'].filter(
    (name) => values[name as keyof typeof values] === undefined,
  );
  if (missing.length > 0) throw new Error(`missing: ${missing.map((m) => `--${m}`).join(', ')}`);
  process.stdout.write(
    renderGatewayConfig({
      listen: values.listen,
      serverName: values['server-name'] as string,
      tlsCertificate: resolve(values.certificate as string),
      tlsKey: resolve(values.key as string),
      upstreams: values.upstream ?? [],
      accessLog: values['access-log'],
    }),
  );
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`nginx-config: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
