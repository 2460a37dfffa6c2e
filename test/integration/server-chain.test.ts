/** The server chain: delegation down to a Status 404, merged post-start hooks, the path index. */
import { describe, expect, it } from 'vitest';
import { GenericAPIServer } from '../../pkg/server/genericapiserver.js';
import { newTestServer } from './support/generic-server.js';

describe('the server chain', () => {
  it('hands what a server does not serve to its delegate, ending in a Status 404', async () => {
    const t = await newTestServer();
    // t.server ends the chain; two more go in front of it, like apiextensions → kube-apiserver → aggregator.
    t.server.mux.handle('/from-tail', (_req, res) => void res.end('tail'));
    const middle = new GenericAPIServer('middle', t.server.config, t.server);
    middle.mux.handle('/from-middle', (_req, res) => void res.end('middle'));
    middle.addPostStartHook('middle-hook', async () => undefined);
    const head = new GenericAPIServer('head', t.server.config, middle);
    head.mux.handle('/from-head', (_req, res) => void res.end('head'));
    const stop = new AbortController();
    const running = head.prepareRun().run(stop.signal);
    try {
      expect((await t.request('GET', '/from-head')).text).toBe('head');
      expect((await t.request('GET', '/from-middle')).text).toBe('middle');
      expect((await t.request('GET', '/from-tail')).text).toBe('tail');
      const missing = await t.request('GET', '/nowhere');
      expect(missing.status).toBe(404);
      expect(missing.json).toMatchObject({
        kind: 'Status',
        reason: 'NotFound',
        message: 'the server could not find the requested resource',
      });
      // Hooks of delegates run as part of the head, and readyz reports them.
      expect((await t.request('GET', '/readyz?verbose')).text).toContain('[+]poststarthook/middle-hook ok');
      const paths = ((await t.request('GET', '/')).json as { paths: string[] }).paths;
      expect(paths).toEqual(
        expect.arrayContaining(['/from-head', '/from-middle', '/from-tail', '/readyz', '/version']),
      );
    } finally {
      stop.abort();
      await running;
      await t.stop();
    }
  });
});
