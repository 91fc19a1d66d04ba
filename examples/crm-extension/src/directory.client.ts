import { Inject, Injectable } from '@nestjs/common';
import { CRM_OPTIONS } from './crm.module-definition';
import type { CrmOptions } from './crm.options';

export interface Person {
  readonly name: string;
  readonly vip: boolean;
}

/** The company directory, over HTTP. */
@Injectable()
export class DirectoryClient {
  constructor(@Inject(CRM_OPTIONS) private readonly options: CrmOptions) {}

  /** The person with this number, or undefined when the directory does not know it. */
  async lookup(phone: string, signal?: AbortSignal): Promise<Person | undefined> {
    const timeout = AbortSignal.timeout(this.options.lookupTimeoutMs);
    const url = `${this.options.directoryUrl.replace(/\/+$/, '')}/people/${encodeURIComponent(phone)}`;
    const response = await fetch(url, {
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`directory answered ${response.status}`);
    return (await response.json()) as Person;
  }
}
