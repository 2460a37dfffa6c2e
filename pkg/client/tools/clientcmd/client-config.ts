/**
 * Where the apiserver is and how to authenticate to it, from `--master` / `--kubeconfig` or the
 * pod's service account: client-go's clientcmd.BuildConfigFromFlags and rest.InClusterConfig,
 * trimmed to what our components use. File references are read at load time, so a bad path
 * fails at startup with the component's other flag errors, not at the first request.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYAML } from 'yaml';
import * as klog from '../../../klog/klog.js';

/** client-go's rest.Config, reduced to the fields our client needs. */
export interface RESTConfig {
  /** Base URL of the apiserver, e.g. `https://127.0.0.1:6443`. */
  host: string;
  /** Client-side rate limit: requests per second (0 or unset: 5, as client-go; negative: no limit). */
  qps?: number;
  /** Requests allowed at once above `qps` (0 or unset: 10, as client-go). */
  burst?: number;
  /** The User-Agent header; unset: client-go's default shape (see rest/user-agent.ts). */
  userAgent?: string;
  /** Client-side timeout of each request (not of watches); unset: none. */
  timeoutMs?: number;
  bearerToken?: string;
  username?: string;
  password?: string;
  tlsClientConfig: {
    /** Skip server certificate verification (`insecure-skip-tls-verify`). */
    insecure: boolean;
    serverName?: string;
    /** PEM bytes, already read from `*-data` (base64) or from the referenced file. */
    caData?: Buffer | undefined;
    certData?: Buffer | undefined;
    keyData?: Buffer | undefined;
  };
}

/** How `config` authenticates, for logs: never the secret itself. */
export function authenticationMethod(config: RESTConfig): 'token' | 'client-certificate' | 'basic' | 'none' {
  if (config.bearerToken) return 'token';
  if (config.tlsClientConfig.certData) return 'client-certificate';
  if (config.username) return 'basic';
  return 'none';
}

/** Where in-cluster credentials live, as rest.InClusterConfig reads them. */
export const serviceAccountDir = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * Mirrors clientcmd.BuildConfigFromFlags: with a kubeconfig, its current context chooses the
 * cluster and user, and `masterURL` (when set) overrides the cluster's server; with only
 * `masterURL`, that is the whole config; with neither, it warns and falls back to the in-cluster
 * config. Throws an Error worded as client-go's (`invalid configuration: …`,
 * `unable to load in-cluster configuration, …`), listing every problem found.
 */
export function buildConfigFromFlags(
  masterURL: string | undefined,
  kubeconfigPath: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): RESTConfig {
  if (masterURL) checkServerURL('--master', masterURL);
  if (!kubeconfigPath) {
    if (masterURL) return { host: masterURL, tlsClientConfig: { insecure: false } };
    klog.warning('Neither --kubeconfig nor --master was specified.  Using the inClusterConfig.  This might not work.');
    return inClusterConfig(env);
  }
  return configFromKubeconfig(loadKubeconfig(kubeconfigPath), path.dirname(path.resolve(kubeconfigPath)), masterURL);
}

/** Mirrors rest.InClusterConfig: the service host/port environment plus the mounted token and CA. */
export function inClusterConfig(env: NodeJS.ProcessEnv = process.env, dir = serviceAccountDir): RESTConfig {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) {
    throw new Error(
      'unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined',
    );
  }
  const tokenFile = path.join(dir, 'token');
  const token = readFileOrThrow(tokenFile, (msg) => msg)
    .toString('utf8')
    .trim();
  const caData = readFileOrThrow(
    path.join(dir, 'ca.crt'),
    (msg) => `expected to load root CA config from ${path.join(dir, 'ca.crt')}, but got err: ${msg}`,
  );
  return {
    host: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    bearerToken: token,
    tlsClientConfig: { insecure: false, caData },
  };
}

/** The parts of a kubeconfig file we read, by their YAML names. */
interface Kubeconfig {
  'current-context'?: string;
  clusters?: Named<'cluster', ClusterEntry>[];
  contexts?: Named<'context', ContextEntry>[];
  users?: Named<'user', UserEntry>[];
}
type Named<K extends string, T> = { name?: string } & { [key in K]?: T };
interface ClusterEntry {
  server?: string;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'tls-server-name'?: string;
}
interface ContextEntry {
  cluster?: string;
  user?: string;
}
interface UserEntry {
  token?: string;
  tokenFile?: string;
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
  username?: string;
  password?: string;
}

function loadKubeconfig(file: string): Kubeconfig {
  const text = readFileOrThrow(file, (msg) => msg).toString('utf8');
  let doc: unknown;
  try {
    doc = parseYAML(text);
  } catch (err) {
    throw new Error(
      `error loading config file "${file}": ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    );
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new Error(`error loading config file "${file}": not a kubeconfig (expected a YAML mapping)`);
  }
  return doc as Kubeconfig;
}

/** Mirrors clientcmd's ConfirmUsable on the current context, then builds the config from it. */
function configFromKubeconfig(kc: Kubeconfig, baseDir: string, masterURL: string | undefined): RESTConfig {
  const errs: string[] = [];
  const contextName = kc['current-context'] ?? '';
  const isEmpty = !contextName && !kc.clusters?.length && !kc.contexts?.length && !kc.users?.length;
  if (isEmpty && !masterURL) {
    throw new Error(
      'invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable',
    );
  }
  const context = find(kc.contexts, contextName, 'context');
  const contextMissing = contextName !== '' && !context;
  if (contextMissing) errs.push(`context was not found for specified context: ${contextName}`);
  const cluster = context?.cluster ? find(kc.clusters, context.cluster, 'cluster') : undefined;
  const user = context?.user ? find(kc.users, context.user, 'user') : undefined;
  if (context) {
    if (!context.user) errs.push(`user was not specified for context "${contextName}"`);
    else if (!user) errs.push(`user "${context.user}" was not found for context "${contextName}"`);
    if (!context.cluster) errs.push(`cluster was not specified for context "${contextName}"`);
    else if (!cluster) errs.push(`cluster "${context.cluster}" was not found for context "${contextName}"`);
  }

  const host = masterURL ?? cluster?.server ?? '';
  // As ConfirmUsable: a context that does not exist is the only thing reported about it.
  if (!contextMissing) errs.push(...serverProblems(host, masterURL, context?.cluster));

  const tls: RESTConfig['tlsClientConfig'] = { insecure: cluster?.['insecure-skip-tls-verify'] === true };
  if (cluster?.['tls-server-name']) tls.serverName = cluster['tls-server-name'];
  const clusterName = context?.cluster ?? '';
  const userName = context?.user ?? '';
  tls.caData = material(
    cluster?.['certificate-authority-data'],
    cluster?.['certificate-authority'],
    baseDir,
    (msg, file) => `unable to read certificate-authority ${file} for ${clusterName} due to ${msg}`,
    errs,
  );
  tls.certData = material(
    user?.['client-certificate-data'],
    user?.['client-certificate'],
    baseDir,
    (msg, file) => `unable to read client-cert ${file} for ${userName} due to ${msg}`,
    errs,
  );
  tls.keyData = material(
    user?.['client-key-data'],
    user?.['client-key'],
    baseDir,
    (msg, file) => `unable to read client-key ${file} for ${userName} due to ${msg}`,
    errs,
  );
  if (tls.certData && !tls.keyData) {
    errs.push(
      `client-key-data or client-key must be specified for ${userName} to use the clientCert authentication method.`,
    );
  }
  const config: RESTConfig = { host, tlsClientConfig: tls };
  const token =
    user?.token ?? (user?.tokenFile ? tokenFromFile(path.resolve(baseDir, user.tokenFile), errs) : undefined);
  if (token) config.bearerToken = token;
  if (user?.username) config.username = user.username;
  if (user?.password) config.password = user.password;
  if (token && (user?.username || user?.password)) {
    errs.push(
      `more than one authentication method found for ${userName}; found [token basicAuth], only one is allowed`,
    );
  }

  if (errs.length === 1) throw new Error(`invalid configuration: ${errs[0]}`);
  if (errs.length > 1) throw new Error(`invalid configuration: [${errs.join(', ')}]`);
  return config;
}

/** A server is needed; --master was checked already, one from the kubeconfig is checked here. */
function serverProblems(host: string, masterURL: string | undefined, clusterName: string | undefined): string[] {
  if (!host) return [clusterName ? `no server found for cluster "${clusterName}"` : 'cluster has no server defined'];
  return masterURL ? [] : serverURLProblems(`server of cluster "${clusterName ?? ''}"`, host);
}

function find<K extends 'cluster' | 'context' | 'user', T>(
  list: Named<K, T>[] | undefined,
  name: string,
  key: K,
): T | undefined {
  if (!Array.isArray(list)) return undefined;
  const entry = list.find((e) => e?.name === name);
  return entry ? (entry[key] ?? ({} as T)) : undefined;
}

/** Inline base64 data wins over a file, as in client-go; file paths are relative to the kubeconfig. */
function material(
  data: string | undefined,
  file: string | undefined,
  baseDir: string,
  describe: (msg: string, file: string) => string,
  errs: string[],
): Buffer | undefined {
  if (data) return Buffer.from(data, 'base64');
  if (!file) return undefined;
  try {
    return readFileSync(path.resolve(baseDir, file));
  } catch (err) {
    errs.push(describe(errnoMessage(err), file));
    return undefined;
  }
}

function tokenFromFile(file: string, errs: string[]): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    errs.push(`unable to read tokenFile ${file}: ${errnoMessage(err)}`);
    return undefined;
  }
}

function checkServerURL(what: string, url: string): void {
  const [problem] = serverURLProblems(what, url);
  if (problem) throw new Error(problem);
}

function serverURLProblems(what: string, url: string): string[] {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const ok =
    parsed !== undefined && (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== '';
  return ok ? [] : [`${what}: ${JSON.stringify(url)} is not an http(s) URL`];
}

function readFileOrThrow(file: string, describe: (msg: string) => string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new Error(describe(errnoMessage(err)));
  }
}

/** Go-style `open <path>: no such file or directory` rather than Node's `ENOENT: …, open '<path>'`. */
function errnoMessage(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.syscall && e.path && typeof e.message === 'string') {
    const reason = e.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
    return `${e.syscall} ${e.path}: ${reason}`;
  }
  return err instanceof Error ? err.message : String(err);
}
