/**
 * An in-process kube-apiserver for the controller manager's tests (the role of upstream's
 * cmd/kube-apiserver/app/testing.StartTestServer): the real app on a free loopback port with
 * memory storage, and a RESTConfig that authenticates as the admin it generated.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yargs from 'yargs';
import { complete } from '../../../kube-apiserver/app/options/completion.js';
import { addFlags, fromArgv } from '../../../kube-apiserver/app/options/options.js';
import { validate } from '../../../kube-apiserver/app/options/validation.js';
import { run } from '../../../kube-apiserver/app/server.js';
import { buildConfigFromFlags, type RESTConfig } from '../../../../pkg/client/tools/clientcmd/client-config.js';
import { RESTClient } from '../../../../pkg/client/rest/client.js';
import { sleep } from '../../../../pkg/util/wait.js';

export interface TestAPIServer {
  config: RESTConfig;
  /** The admin kubeconfig file. */
  kubeconfig: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export async function startTestAPIServer(): Promise<TestAPIServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kcm-test-apiserver-'));
  const port = await freePort();
  const flags = await addFlags(yargs()).parseAsync([
    '--secure-port',
    String(port),
    '--bind-address',
    '127.0.0.1',
    '--storage',
    'memory',
    '--data-dir',
    dataDir,
    '--shutdown-timeout',
    '2s',
  ]);
  const completed = complete(fromArgv(flags));
  const problems = validate(completed);
  if (problems.length > 0) throw new Error(problems.join(', '));
  const stop = new AbortController();
  const running = run(completed, stop.signal);
  const kubeconfig = path.join(dataDir, 'kubeconfig');
  let config: RESTConfig | undefined;
  for (let i = 0; i < 200 && !config; i++) {
    try {
      config = buildConfigFromFlags(undefined, kubeconfig);
    } catch {
      await sleep(50, stop.signal);
    }
  }
  if (!config) throw new Error('the test apiserver wrote no kubeconfig in 10 s');
  const rest = new RESTClient(config);
  try {
    for (let i = 0; ; i++) {
      const ready = await rest.requestRaw({ method: 'GET', path: '/readyz' }).then(
        () => true,
        () => false,
      );
      if (ready) break;
      if (i >= 200) throw new Error('the test apiserver was not ready in 10 s');
      await sleep(50, stop.signal);
    }
  } finally {
    await rest.close();
  }
  return {
    config,
    kubeconfig,
    stop: async () => {
      stop.abort(new Error('test done'));
      await running;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
