import { describeCallListContract } from './call-list.contract';
import { describeCallStoreContract } from './call-store.contract';
import { MemoryCallStore } from './memory-call.store';

describeCallStoreContract('memory', ({ liveTtlMs }) => {
  const store = new MemoryCallStore({ liveTtlMs });
  return { store, dispose: async () => store.onModuleDestroy() };
});

describeCallListContract('memory', () => {
  const store = new MemoryCallStore();
  return { store, dispose: async () => store.onModuleDestroy() };
});
