/**
 * The self-signed certificate a lab's web server presents for its domain
 * (lab.test and *.lab.test). Made with openssl once per domain per server
 * run, in the server's private runtime directory; each session's web host
 * gets a copy of the key that only its own uid can read.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { PromiseCache } from '../../promise-cache.js';
import { runCommand } from '../run-command.js';

export interface CertificateFiles {
  cert: string;
  key: string;
}

/** A P-256 key signs in well under 100 ms; 10 s means openssl is stuck. */
const OPENSSL_TIMEOUT_MS = 10_000;
/** Ten years: a lab certificate must not expire under a long-running server. */
const VALID_DAYS = 3650;

/** openssl(1) arguments that write a new key and its self-signed certificate for `domain` and its subdomains. */
export function certificateOpensslArgs(domain: string, keyOut: string, certOut: string): string[] {
  return ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyOut, '-out', certOut, '-days', String(VALID_DAYS), '-subj', `/CN=${domain}`,
    '-addext', `subjectAltName=DNS:${domain},DNS:*.${domain}`];
}

export class LabCertificates {
  private readonly made = new PromiseCache((domain: string) => this.make(domain));

  /** @param dir a directory only root can read (the key never leaves it except as a per-host copy) */
  constructor(private readonly dir: string) {}

  forDomain(domain: string): Promise<CertificateFiles> {
    return this.made.get(domain);
  }

  private async make(domain: string): Promise<CertificateFiles> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const cert = path.join(this.dir, `${domain}.crt`);
    const key = path.join(this.dir, `${domain}.key`);
    const r = await runCommand({
      file: '/usr/bin/openssl',
      args: certificateOpensslArgs(domain, key, cert),
      env: { PATH: '/usr/bin:/bin' },
    }, { timeoutMs: OPENSSL_TIMEOUT_MS });
    if (r.exitCode !== 0) throw new Error(`openssl could not make the lab certificate: ${r.stderr.trim()}`);
    return { cert, key };
  }
}
