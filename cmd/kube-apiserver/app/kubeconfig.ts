import { writeKubeconfig } from '../../../pkg/controlplane/kubeconfig.js';
import * as klog from '../../../pkg/klog/klog.js';
import type { PostStartHook } from '../../../pkg/server/genericapiserver.js';
import { joinHostPort } from '../../../pkg/server/secure-serving.js';
import type { CompletedConfig } from './config.js';

/**
 * Writes the admin kubeconfig once the server is serving, so /readyz passing implies the file is
 * there, and tells the user how to use it.
 */
export function writeAdminKubeconfigHook(config: CompletedConfig): PostStartHook {
  return async () => {
    const file = config.options.kubeconfigPath;
    if (file === '') return;
    const { bindAddress } = config.options.secureServing;
    const wildcard = bindAddress === '0.0.0.0' || bindAddress === '::';
    const host = wildcard ? '127.0.0.1' : bindAddress;
    const usingOwnCert = config.options.secureServing.tlsCertFile === undefined;
    writeKubeconfig(file, {
      name: 'hyperkube',
      server: `https://${joinHostPort(host, config.generic.secureServing.port)}`,
      // With a user-provided serving certificate our CA did not sign it: trust the certificate
      // itself (enough for a self-signed one; otherwise point the kubeconfig at the right CA).
      caPEM: usingOwnCert ? config.pki.ca.certPEM : config.generic.secureServing.cert.certPEM,
      clientCertPEM: config.pki.admin.certPEM,
      clientKeyPEM: config.pki.admin.keyPEM,
    });
    klog.info('Wrote admin kubeconfig', { path: file });
    klog.info(`To use this cluster: export KUBECONFIG=${file}`);
  };
}
