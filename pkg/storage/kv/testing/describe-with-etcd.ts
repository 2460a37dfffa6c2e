/**
 * The "is etcd installed?" policy for test files: tests skip with the reason when it is not, and
 * FAIL when HYPERKUBE_REQUIRE_ETCD=1 (CI installs etcd and sets it).
 *
 * @example
 *   describeWithEtcd('etcd KV', (etcd) => {
 *     it('works', async () => { const kv = await newEtcdKV({ servers: [etcd().endpoint] }); … });
 *   });
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { findEtcd, startEtcd, type EtcdServer, type StartEtcdOptions } from './etcd-server.js';

/**
 * A describe block with one etcd for all its tests. Without etcd it skips with the reason, or
 * fails when HYPERKUBE_REQUIRE_ETCD=1.
 */
export function describeWithEtcd(
  name: string,
  body: (etcd: () => EtcdServer) => void,
  opts: StartEtcdOptions = {},
): void {
  if (!findEtcd()) {
    if (process.env.HYPERKUBE_REQUIRE_ETCD === '1') {
      describe(name, () => {
        it('needs etcd, which HYPERKUBE_REQUIRE_ETCD=1 requires', () => {
          throw new Error('etcd is not installed (no etcd on PATH) but HYPERKUBE_REQUIRE_ETCD=1');
        });
      });
    } else {
      describe.skip(`${name} (skipped: etcd is not installed; set HYPERKUBE_REQUIRE_ETCD=1 to make this a failure)`, () => {
        it('needs etcd', () => {});
      });
    }
    return;
  }
  describe(name, () => {
    let server: EtcdServer | undefined;
    beforeAll(async () => {
      server = await startEtcd(opts);
    }, 30_000);
    afterAll(async () => {
      await server?.stop();
    });
    body(() => {
      if (!server) throw new Error('etcd did not start');
      return server;
    });
  });
}
