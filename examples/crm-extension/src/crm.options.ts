import { IsInt, IsUrl, Matches, Max, Min } from 'class-validator';

/**
 * What `extensions.modules: [{module: ./dist/crm.module.js#CrmModule, options: {...}}]` gives this
 * module, validated by Switchboard at start-up: a wrong value stops the service with one
 * `config error: extensions.modules[0].options.<key>: ...` line per problem.
 */
export class CrmOptions {
  /** The directory service: `GET <directoryUrl>/people/<E.164 number>` → 200 or 404. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  directoryUrl!: string;

  /** Where callers the directory does not know are sent: an E.164 number (the front desk). */
  @Matches(/^\+[1-9]\d{1,14}$/, { message: '$property must be an E.164 number, e.g. +14255550100' })
  redirectUnknownTo!: string;

  /** A directory slower than this leaves the call to the rules. */
  @IsInt()
  @Min(50)
  @Max(10_000)
  lookupTimeoutMs = 1000;
}
