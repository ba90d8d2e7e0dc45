import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway self-signed certificate for localhost/127.0.0.1, made with the system openssl. */
export function makeTestCertificate(): { dir: string; certPath: string; keyPath: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-tls-'));
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  const cnf = join(dir, 'openssl.cnf');
  writeFileSync(
    cnf,
    [
      '[req]',
      'distinguished_name=dn',
      'x509_extensions=ext',
      'prompt=no',
      '[dn]',
      'CN=localhost',
      '[ext]',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      'basicConstraints=critical,CA:TRUE',
    ].join('\n'),
  );
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-config',
      cnf,
    ],
    { stdio: 'pipe' },
  );
  return { dir, certPath, keyPath, cert: readFileSync(certPath, 'utf8') };
}
