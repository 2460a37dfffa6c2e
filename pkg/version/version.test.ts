import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectVersion, versionInfo, versionString } from './version.js';

describe('version', () => {
  it('matches the version in package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(projectVersion).toBe(pkg.version);
  });

  it('names the project and the Kubernetes minor it serves', () => {
    expect(versionString()).toMatch(/^hyperkube-ts v\d+\.\d+\.\d+ \(Kubernetes v1\.\d+\)$/);
  });

  it('reports the Go-style platform upstream clients expect', () => {
    const info = versionInfo();
    expect(info.gitVersion).toBe(`v${info.major}.${info.minor}.0`);
    expect(info.platform).toMatch(/^[a-z0-9]+\/[a-z0-9]+$/);
  });
});
