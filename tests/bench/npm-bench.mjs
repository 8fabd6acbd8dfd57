// SPDX-License-Identifier: LGPL-2.1-or-later
// npm-bench.mjs NODE_ENV_DIR ISSUER_PUBLIC.jwk PRESENTATION NONCE SECONDS
//
// Verifications per second of the independent implementation
// (@sd-jwt/sd-jwt-vc, pinned in tests/interop/package.json) on one
// presentation: the library's own verify with key binding, Ed25519 from
// node:crypto. Prints one JSON object. Run by compare-npm.sh.
import { createRequire } from 'node:module';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const [envDir, issuerKeyFile, presentationFile, nonce, seconds] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(envDir), 'package.json'));
const { SDJwtVcInstance } = require('@sd-jwt/sd-jwt-vc');
const { digest } = require('@sd-jwt/crypto-nodejs');

const issuerKey = crypto.createPublicKey({ key: JSON.parse(fs.readFileSync(issuerKeyFile, 'utf8')), format: 'jwk' });
const verifySig = (key, data, sig) => crypto.verify(null, Buffer.from(data), key, Buffer.from(sig, 'base64url'));
const sdjwt = new SDJwtVcInstance({
  hasher: digest,
  hashAlg: 'sha-256',
  verifier: async (data, sig) => verifySig(issuerKey, data, sig),
  kbVerifier: async (data, sig, payload) =>
    verifySig(crypto.createPublicKey({ key: payload.cnf.jwk, format: 'jwk' }), data, sig),
});
const compact = fs.readFileSync(presentationFile, 'utf8').trim();

async function rate(limitMs) {
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < limitMs) {
    await sdjwt.verify(compact, { keyBindingNonce: nonce });
    n++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return n / (elapsed / 1000);
}

await rate(500); // warm up the JIT
const rates = [];
for (let i = 0; i < 5; i++) rates.push(await rate((Number(seconds) * 1000) / 5));
rates.sort((a, b) => a - b);
console.log(JSON.stringify({ npm_verify_per_s: Math.round(rates[2]) }));
