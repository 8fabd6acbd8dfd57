#!/usr/bin/env node
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// npm-lines.mjs: held-out presentations for tests/bench/batch.sh --lines,
// made by the independent npm implementation (@sd-jwt/sd-jwt-vc) in one
// node process, COUNT lines on standard output. Not a test.
//
//   node npm-lines.mjs ISSUER_PRIVATE.jwk ISS CLAIMS.json COUNT IAT NONCE AUDIENCE
//
// Each line: a PID issued by ISSUER_PRIVATE.jwk (header typ dc+sd-jwt, alg
// EdDSA, kid from the JWK) with its own holder key in cnf.jwk, every claim
// of CLAIMS.json disclosable as tests/interop/sdjwt.mjs issue makes them
// (members of top-level objects and elements of top-level arrays too),
// vneid_level in the clear, 2 decoys; presented with every disclosure and
// a KB-JWT for NONCE and AUDIENCE. iat is IAT for the credential and the
// KB-JWT, so that `vneid verify --at IAT` finds them fresh. It runs where
// the interop suite installed the npm packages (BUILD/tests/interop/
// scratch/node-env), which tests/bench/batch.sh documents.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { digest } from '@sd-jwt/crypto-nodejs';

const [keyFile, iss, claimsFile, countText, iatText, nonce, aud] = process.argv.slice(2);
if (aud === undefined) {
  process.stderr.write('usage: node npm-lines.mjs ISSUER_PRIVATE.jwk ISS CLAIMS.json COUNT IAT NONCE AUDIENCE\n');
  process.exit(2);
}
const count = Number.parseInt(countText, 10);
const iat = Number.parseInt(iatText, 10);
const issuerJwk = JSON.parse(fs.readFileSync(keyFile, 'utf8'));
const claims = JSON.parse(fs.readFileSync(claimsFile, 'utf8'));
const RESERVED = ['iss', 'vct', 'cnf', 'iat', 'exp', 'nbf', 'status', 'vneid_level'];

const signerFor = (jwk) => {
  const key = crypto.createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d }, format: 'jwk' });
  return async (data) => crypto.sign(null, Buffer.from(data, 'utf8'), key).toString('base64url');
};
const salt = () => crypto.randomBytes(16).toString('base64url');

// What sdjwt.mjs issue discloses: every claim but the reserved ones, and
// one level below them.
const frame = { _sd: [], _sd_decoy: 2 };
for (const [name, value] of Object.entries(claims)) {
  if (RESERVED.includes(name)) continue;
  frame._sd.push(name);
  if (Array.isArray(value) && value.length > 0) frame[name] = { _sd: value.map((_, i) => i) };
  else if (value && typeof value === 'object' && Object.keys(value).length > 0) frame[name] = { _sd: Object.keys(value) };
}

const issuer = new SDJwtVcInstance({
  signer: signerFor(issuerJwk), signAlg: 'EdDSA', hasher: digest, hashAlg: 'sha-256', saltGenerator: salt,
});
const header = { typ: 'dc+sd-jwt', ...(issuerJwk.kid !== undefined ? { kid: issuerJwk.kid } : {}) };

for (let i = 0; i < count; i++) {
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  const holderJwk = privateKey.export({ format: 'jwk' });
  const payload = {
    ...claims, iss, vct: 'urn:vn:vneid:pid:1', iat, exp: iat + 365 * 24 * 3600,
    cnf: { jwk: { kty: 'OKP', crv: 'Ed25519', x: holderJwk.x } },
  };
  const credential = await issuer.issue(payload, frame, { header });
  const holder = new SDJwtVcInstance({ hasher: digest, hashAlg: 'sha-256', kbSigner: signerFor(holderJwk), kbSignAlg: 'EdDSA' });
  const presentable = await holder.presentableKeys(credential);
  const presentationFrame = {};
  for (const key of [...presentable].sort()) {
    let node = presentationFrame;
    const segs = key.split('.');
    segs.forEach((s, k) => {
      if (k === segs.length - 1) node[s] ??= true;
      else node = (node[s] === undefined || node[s] === true) ? (node[s] = {}) : node[s];
    });
  }
  process.stdout.write(await holder.present(credential, presentationFrame, { kb: { payload: { iat, aud, nonce } } }) + '\n');
}
