import { newMemoryKV } from './kv/memory.js';
import { runStorageConformance } from './testing/conformance.js';

runStorageConformance('memory KV', async () => newMemoryKV());
// Fallen-behind watchers take the log path; the object-level semantics must not change.
runStorageConformance('memory KV with tiny watch queues', async () =>
  newMemoryKV({ maxQueuedEvents: 2, catchUpBatch: 1 }),
);
