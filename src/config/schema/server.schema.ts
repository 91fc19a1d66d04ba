import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { IsHttpsUrl } from '../../common/validation/https-url.validator';
import { IsTrustProxySetting, type TrustProxySetting } from './trust-proxy.validator';

export class ServerConfig {
  @IsInt()
  @Min(0)
  @Max(65535)
  port!: number;

  @IsString()
  host!: string;

  /** The https base URL the gateway exposes; `callbackUri` is built from it. */
  @IsOptional()
  @IsHttpsUrl()
  publicBaseUrl?: string | null;

  @IsInt()
  @Min(1024)
  bodyLimitBytes!: number;

  /** A request whose headers take longer is closed (408 where it can still be written). */
  @IsInt()
  @Min(1000)
  headersTimeoutMs!: number;

  /** A request that takes longer as a whole (headers and body) is closed. */
  @IsInt()
  @Min(1000)
  requestTimeoutMs!: number;

  /** An idle keep-alive connection is closed after this long. */
  @IsInt()
  @Min(1000)
  keepAliveTimeoutMs!: number;

  /** Open connections beyond this are refused at once. */
  @IsInt()
  @Min(1)
  maxConnections!: number;

  /** How long readiness reports `draining` before the server stops taking requests. */
  @IsInt()
  @Min(0)
  drainDelayMs!: number;

  /** The longest in-flight work may run after SIGTERM before the process exits anyway. */
  @IsInt()
  @Min(0)
  shutdownGraceMs!: number;

  /** Which proxies' `X-Forwarded-*` headers Fastify believes (the client address in logs). */
  @IsTrustProxySetting()
  trustProxy!: TrustProxySetting;
}
