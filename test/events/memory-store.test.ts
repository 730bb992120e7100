import { createMemoryStore } from '../../src/events/memory-store.ts';
import { eventStoreContract } from './store.contract.ts';

eventStoreContract('memory', async () => createMemoryStore());
