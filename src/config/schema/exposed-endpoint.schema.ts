import { IsBoolean, Matches } from 'class-validator';

/**
 * An operational endpoint that a deployment may switch off, move, or put behind the operator API
 * keys (`/metrics`, the OpenAPI pages): through a gateway they would otherwise be public.
 */
export class ExposedEndpointConfig {
  @IsBoolean()
  enabled!: boolean;

  /** An absolute path of plain segments, e.g. `/internal/metrics`. */
  @Matches(/^(\/[A-Za-z0-9._~-]+)+$/, {
    message: '$property must be an absolute path of plain segments, e.g. /internal/metrics',
  })
  path!: string;

  /** true: only callers with an operator API key (as for /api/calls) get it; others get 401. */
  @IsBoolean()
  protected!: boolean;
}
