import { Test } from '@nestjs/testing';
import { storeConfig, type StoreConfigType } from '../../config';
import type { CallStore } from '../../store';
import { callsProviders } from '../calls.testing';
import { DecisionLeases } from './decision-leases';

/** A `DecisionLeases` (one instance's) over `store`, for the dispatch specs. */
export async function leasesOver(
  store: CallStore,
  config: Partial<StoreConfigType>,
): Promise<DecisionLeases> {
  const moduleRef = await Test.createTestingModule({
    providers: [
      ...callsProviders(store),
      DecisionLeases,
      { provide: storeConfig.KEY, useValue: config },
    ],
  }).compile();
  return moduleRef.get(DecisionLeases);
}
