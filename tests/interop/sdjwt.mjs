#!/usr/bin/env node
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// sdjwt.mjs - a thin command line front end over the independent npm
// implementation of SD-JWT VC (@sd-jwt/sd-jwt-vc + @sd-jwt/crypto-nodejs),
// used by run-interop.sh to check libvneid / `vneid` against it.
//
// Only EdDSA / Ed25519 (RFC 8037 OKP JWKs) and sha-256, like libvneid.
// The library does not ship EdDSA signers, so signing and verifying is done
// with node:crypto (crypto.sign / crypto.verify with a null digest).
//
// Subcommands (exit 0 on success, 1 on rejection / failure, 2 on usage error):
//
//   issue   --key ISSUER_PRIVATE.jwk --iss URL --vct VCT
//           [--holder HOLDER_PUBLIC.jwk] [--plain NAME]... [--decoys N]
//           [--iat UNIX] [--exp UNIX] [--nbf UNIX] [--lib-salt] [--typ TYP]
//           [--status-uri URI --status-idx N] CLAIMS.json
//       Prints a compact SD-JWT VC (header typ dc+sd-jwt, alg EdDSA, kid when
//       the key has one; _sd_alg sha-256). Every top-level claim except
//       iss/vct/cnf/iat/exp/nbf/status and the --plain ones is selectively
//       disclosable; members of top-level objects and elements of top-level
//       arrays are disclosable too (recursive disclosures). --decoys adds N
//       decoy digests to the top-level _sd. --lib-salt uses the library's own
//       salt generator (16 hex characters, only 64 bits) instead of 128-bit
//       base64url salts. --typ overrides the header typ (negative tests).
//
//   present [--key HOLDER_PRIVATE.jwk --nonce N --audience A] [--iat UNIX]
//           [--disclose PATH]... [--exact] [--all] CREDENTIAL_FILE|-
//       Prints a presentation. PATH is dotted (address.locality; array
//       elements nationalities.0 or, as vneid writes them, nationalities[0]).
//       Disclosing a path discloses its ancestors and everything disclosable
//       below it (with --exact: only the path and its ancestors, so
//       `--exact --disclose address` yields "address": {}). Without
//       --disclose/--all nothing selectively disclosable is revealed. With
//       --key, --nonce and --audience a KB-JWT (typ kb+jwt, alg EdDSA, iat,
//       aud, nonce, sd_hash) is appended.
//
//   verify  --issuer-key FILE... [--nonce N --audience A] [--at UNIX]
//           [--leeway S] [--kb-max-age S] [--status-list TOKEN]...
//           [--skip-status] PRESENTATION_FILE|-
//       FILE is an OKP JWK, a JWKS ({"keys": [...]}) or JWT VC Issuer
//       Metadata ({"issuer", "jwks"}). Prints the processed claims (the
//       library's verify() payload) as JSON. With --nonce/--audience key
//       binding is required and aud, nonce, iat are checked. A credential
//       with a status claim needs the matching --status-list token (by sub;
//       typ statuslist+jwt, signed by a trusted key) or --skip-status; the
//       helper never fetches anything.
//
//   inspect FILE|-            decode without verifying: header, payload,
//                             disclosures (with digests), kb.
//   tamper  --mode MODE FILE|-
//       payload-flip     change one character in the middle of the issuer
//                        JWT payload segment (keeps the old signature)
//       payload-claim    re-encode the payload with one plain claim changed
//                        (valid JSON, old signature)
//       disclosure-flip  change one character inside the first disclosure
//       dup-disclosure   append the first disclosure a second time
//       kb-aud           re-encode the KB-JWT payload with another aud
//                        (old KB signature)
//       drop-kb          remove the KB-JWT (keep the trailing ~)
//   status-list --key JWK [--iss URL] --uri URI --bits 1|2|4|8 --size N
//               [--set IDX=VALUE]... [--iat UNIX] [--exp UNIX]
//                             a signed Token Status List made with
//                             @sd-jwt/jwt-status-list
//   status-get [--issuer-key FILE]... TOKEN IDX...
//                             the entries at IDX..., as a JSON array
//   keygen [--kid KID]        Ed25519 private JWK (self-tests only)
//   pubkey KEY.jwk            public JWK of a private one
//   json-equal A.json B.json  deep equality (key order ignored, array
//                             order not); prints the differences.
//   json-check FILE [--present PATH]... [--absent PATH]...
//                   [--equals PATH=JSON]... [--same PATH=PATH]...
//                   [--subset CLAIMS.json]...
//       PATH is dotted; --subset: every top-level member of CLAIMS.json is
//       in FILE with an equal value.

import crypto from 'node:crypto';
import fs from 'node:fs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { digest, generateSalt } from '@sd-jwt/crypto-nodejs';
import { StatusList, createHeaderAndPayload, getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';

const PROG = 'sdjwt';
const TYP = 'dc+sd-jwt';
const KB_TYP = 'kb+jwt';
const SL_TYP = 'statuslist+jwt';
const ALG = 'EdDSA';
// Claims an SD-JWT VC issuer must not make selectively disclosable.
const RESERVED = ['iss', 'vct', 'cnf', 'iat', 'exp', 'nbf', 'status'];
const B64URL = /^[A-Za-z0-9_-]*$/;

class UsageError extends Error {}
class Rejected extends Error {}

function die(err) {
  if (err instanceof UsageError) {
    process.stderr.write(`${PROG}: usage: ${err.message}\n`);
    process.exit(2);
  }
  const msg = err && err.message ? err.message : String(err);
  process.stderr.write(`${PROG}: ${msg}\n`);
  if (process.env.SDJWT_DEBUG && err && err.stack) process.stderr.write(err.stack + '\n');
  process.exit(1);
}

// ---------------------------------------------------------------- arguments

// spec: { name: 'string' | 'multi' | 'bool' }
function parseArgs(argv, spec) {
  const opts = {};
  const pos = [];
  for (const [k, t] of Object.entries(spec)) {
    if (t === 'multi') opts[k] = [];
    else if (t === 'bool') opts[k] = false;
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      pos.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      let name = a.slice(2);
      let val;
      const eq = name.indexOf('=');
      if (eq >= 0) {
        val = name.slice(eq + 1);
        name = name.slice(0, eq);
      }
      const t = spec[name];
      if (!t) throw new UsageError(`unknown option --${name}`);
      if (t === 'bool') {
        if (val !== undefined) throw new UsageError(`--${name} takes no value`);
        opts[name] = true;
        continue;
      }
      if (val === undefined) {
        if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value`);
        val = argv[++i];
      }
      if (t === 'multi') opts[name].push(val);
      else opts[name] = val;
    } else {
      pos.push(a);
    }
  }
  return { opts, pos };
}

function intOpt(v, name) {
  if (v === undefined) return undefined;
  if (!/^-?[0-9]+$/.test(v)) throw new UsageError(`--${name} wants an integer, got "${v}"`);
  return Number.parseInt(v, 10);
}

function readText(file) {
  return file === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(file, 'utf8');
}

function readJson(file) {
  const text = readText(file);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not JSON: ${e.message}`);
  }
}

function readCompact(file) {
  const s = readText(file).trim();
  if (!s) throw new Error(`${file}: empty`);
  if (/\s/.test(s)) throw new Error(`${file}: whitespace inside the token`);
  return s;
}

function oneArg(pos, what) {
  if (pos.length !== 1) throw new UsageError(`expected exactly one ${what}`);
  return pos[0];
}

function out(s) {
  process.stdout.write(s.endsWith('\n') ? s : s + '\n');
}

const now = () => Math.floor(Date.now() / 1000);

// ---------------------------------------------------------------- keys

function checkOkp(jwk, where) {
  if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk)) throw new Error(`${where}: not a JWK object`);
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') {
    throw new Error(`${where}: want an OKP/Ed25519 JWK, got kty=${jwk.kty} crv=${jwk.crv}`);
  }
  if (typeof jwk.x !== 'string' || !B64URL.test(jwk.x) || Buffer.from(jwk.x, 'base64url').length !== 32) {
    throw new Error(`${where}: bad "x"`);
  }
  if (jwk.d !== undefined && (typeof jwk.d !== 'string' || !B64URL.test(jwk.d) || Buffer.from(jwk.d, 'base64url').length !== 32)) {
    throw new Error(`${where}: bad "d"`);
  }
}

function publicJwk(jwk) {
  const pub = { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
  if (jwk.kid !== undefined) pub.kid = jwk.kid;
  return pub;
}

function privateKeyObject(jwk, where) {
  checkOkp(jwk, where);
  if (!jwk.d) throw new Error(`${where}: not a private key (no "d")`);
  return crypto.createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d }, format: 'jwk' });
}

function publicKeyObject(jwk, where) {
  checkOkp(jwk, where);
  return crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
}

function readPrivateJwk(file) {
  const jwk = readJson(file);
  privateKeyObject(jwk, file);
  return jwk;
}

function makeSigner(keyObject) {
  return async (data) => crypto.sign(null, Buffer.from(data, 'utf8'), keyObject).toString('base64url');
}

function verifySig(keyObject, data, sig) {
  // Buffer.from(.., 'base64url') silently skips junk: be strict first.
  if (typeof sig !== 'string' || !B64URL.test(sig)) return false;
  const raw = Buffer.from(sig, 'base64url');
  if (raw.length !== 64 || raw.toString('base64url') !== sig) return false;
  return crypto.verify(null, Buffer.from(data, 'utf8'), keyObject, raw);
}

// Issuer key sources: JWK, JWKS or issuer metadata.
function loadIssuerKeys(files) {
  const keys = [];
  for (const f of files) {
    const doc = readJson(f);
    let list;
    let issuer;
    if (doc && doc.jwks && Array.isArray(doc.jwks.keys)) {
      list = doc.jwks.keys;
      issuer = doc.issuer;
    } else if (doc && Array.isArray(doc.keys)) {
      list = doc.keys;
    } else {
      list = [doc];
    }
    list.forEach((jwk, i) => {
      const where = `${f}[${i}]`;
      keys.push({ jwk, key: publicKeyObject(jwk, where), issuer, where });
    });
  }
  if (keys.length === 0) throw new UsageError('no issuer keys');
  return keys;
}

// ---------------------------------------------------------------- misc

const saltGenerator128 = async () => crypto.randomBytes(16).toString('base64url');
const b64json = (o) => Buffer.from(JSON.stringify(o), 'utf8').toString('base64url');

function decodeSegment(seg, what) {
  if (!B64URL.test(seg)) throw new Rejected(`${what}: not base64url`);
  const txt = Buffer.from(seg, 'base64url').toString('utf8');
  try {
    return JSON.parse(txt);
  } catch (e) {
    throw new Rejected(`${what}: not JSON`);
  }
}

function splitCompact(compact) {
  const parts = compact.split('~');
  if (parts.length < 2) throw new Rejected('not an SD-JWT: no "~"');
  const jwt = parts[0];
  const kb = parts[parts.length - 1];
  const disclosures = parts.slice(1, -1);
  return { jwt, disclosures, kb };
}

function sha256b64(s) {
  return crypto.createHash('sha256').update(s, 'utf8').digest('base64url');
}

// Checks the npm library leaves out (docs/verifier.md): every disclosure
// is referenced exactly once, object disclosures (3 elements) only from _sd
// and array ones (2 elements) only from {"...": digest}, no disclosed name
// "_sd" / "..." or one that collides with a plain claim at the same level,
// no selectively disclosed iss, vct, cnf, exp, nbf or status.
function checkDisclosureStructure(payload, disclosures) {
  const root = payload;
  const byDigest = new Map();
  for (const d of disclosures) {
    const dg = sha256b64(d);
    if (byDigest.has(dg)) throw new Rejected('the same disclosure appears twice');
    let arr;
    try {
      arr = JSON.parse(Buffer.from(d, 'base64url').toString('utf8'));
    } catch (e) {
      throw new Rejected('malformed disclosure');
    }
    if (!Array.isArray(arr) || (arr.length !== 2 && arr.length !== 3) || typeof arr[0] !== 'string') {
      throw new Rejected('disclosure is not [salt, value] or [salt, name, value]');
    }
    byDigest.set(dg, arr);
  }
  const seen = new Set();
  const visit = (dg, obj) => {
    if (typeof dg !== 'string') throw new Rejected('digest is not a string');
    if (seen.has(dg)) throw new Rejected(`digest ${dg} referenced twice`);
    seen.add(dg);
    const arr = byDigest.get(dg);
    if (!arr) return; // decoy or undisclosed
    if (obj !== undefined) {
      if (arr.length !== 3) throw new Rejected('array-element disclosure referenced from _sd');
      const name = arr[1];
      if (typeof name !== 'string' || name === '_sd' || name === '...') throw new Rejected(`bad disclosed claim name ${JSON.stringify(name)}`);
      if (Object.prototype.hasOwnProperty.call(obj, name)) throw new Rejected(`disclosed claim "${name}" collides with a plain claim`);
      if (obj === root && RESERVED.includes(name) && name !== 'iat') throw new Rejected(`claim "${name}" must not be selectively disclosed`);
    } else if (arr.length !== 2) {
      throw new Rejected('object disclosure referenced from an array element');
    }
    walk(arr[arr.length - 1]);
  };
  const walk = (v) => {
    if (Array.isArray(v)) {
      for (const e of v) {
        if (e && typeof e === 'object' && !Array.isArray(e) && Object.prototype.hasOwnProperty.call(e, '...')) {
          if (Object.keys(e).length !== 1) throw new Rejected('"..." object with other members');
          visit(e['...'], undefined);
        } else walk(e);
      }
    } else if (v && typeof v === 'object') {
      for (const [k, e] of Object.entries(v)) {
        if (k === '_sd') {
          if (!Array.isArray(e)) throw new Rejected('_sd is not an array');
          e.forEach((dg) => visit(dg, v));
        } else walk(e);
      }
    }
  };
  walk(payload);
  for (const dg of byDigest.keys()) {
    if (!seen.has(dg)) throw new Rejected(`disclosure with digest ${dg} is not referenced`);
  }
}

// ---------------------------------------------------------------- issue

function buildFrame(claims, plain, decoys) {
  const frame = { _sd: [] };
  for (const [name, value] of Object.entries(claims)) {
    if (RESERVED.includes(name) || plain.includes(name)) continue;
    frame._sd.push(name);
    if (Array.isArray(value)) {
      if (value.length > 0) frame[name] = { _sd: value.map((_, i) => i) };
    } else if (value && typeof value === 'object') {
      const keys = Object.keys(value);
      if (keys.length > 0) frame[name] = { _sd: keys };
    }
  }
  if (decoys > 0) frame._sd_decoy = decoys;
  return frame;
}

async function cmdIssue(argv) {
  const { opts, pos } = parseArgs(argv, {
    key: 'string', iss: 'string', vct: 'string', holder: 'string', plain: 'multi',
    decoys: 'string', iat: 'string', exp: 'string', nbf: 'string', 'lib-salt': 'bool', typ: 'string',
    'status-uri': 'string', 'status-idx': 'string',
  });
  if (!opts.key || !opts.iss || !opts.vct) throw new UsageError('issue --key JWK --iss URL --vct VCT [--holder JWK] CLAIMS.json');
  const claimsFile = oneArg(pos, 'CLAIMS.json');
  const claims = readJson(claimsFile);
  if (!claims || typeof claims !== 'object' || Array.isArray(claims)) throw new Error(`${claimsFile}: not a JSON object`);

  const issuerJwk = readPrivateJwk(opts.key);
  const t = now();
  const iat = intOpt(opts.iat, 'iat') ?? t;
  const exp = intOpt(opts.exp, 'exp') ?? t + 365 * 24 * 3600;
  const nbf = intOpt(opts.nbf, 'nbf');
  const decoys = intOpt(opts.decoys, 'decoys') ?? 0;

  const payload = { ...claims, iss: opts.iss, vct: opts.vct, iat, exp };
  if (nbf !== undefined) payload.nbf = nbf;
  if ((opts['status-uri'] === undefined) !== (opts['status-idx'] === undefined)) throw new UsageError('--status-uri and --status-idx go together');
  if (opts['status-uri'] !== undefined) {
    payload.status = { status_list: { idx: intOpt(opts['status-idx'], 'status-idx'), uri: opts['status-uri'] } };
  }
  if (opts.holder) {
    const h = readJson(opts.holder);
    checkOkp(h, opts.holder);
    payload.cnf = { jwk: publicJwk(h) };
  }

  const sdjwt = new SDJwtVcInstance({
    signer: makeSigner(privateKeyObject(issuerJwk, opts.key)),
    signAlg: ALG,
    hasher: digest,
    hashAlg: 'sha-256',
    saltGenerator: opts['lib-salt'] ? generateSalt : saltGenerator128,
  });
  const typ = opts.typ ?? TYP;
  const header = { typ };
  if (issuerJwk.kid !== undefined) header.kid = issuerJwk.kid;
  const frame = buildFrame(claims, opts.plain, decoys);
  const compact = await sdjwt.issue(payload, frame, { header });

  // Belt and braces: the header must say what docs/verifier.md says.
  const h = decodeSegment(compact.split('.')[0], 'header');
  if (h.typ !== typ || h.alg !== ALG) throw new Error(`library produced header ${JSON.stringify(h)}`);
  out(compact);
}

// ---------------------------------------------------------------- present

function buildPresentationFrame(selectedKeys) {
  const frame = {};
  for (const key of [...selectedKeys].sort()) {
    const segs = key.split('.');
    let node = frame;
    segs.forEach((s, i) => {
      if (i === segs.length - 1) {
        if (node[s] === undefined) node[s] = true;
      } else {
        if (node[s] === undefined || node[s] === true) node[s] = {};
        node = node[s];
      }
    });
  }
  return frame;
}

// vneid writes array elements as a[0]; the library's keys say a.0.
function normPath(p) {
  return p.replace(/\[([0-9]+)\]/g, '.$1');
}

function hasPath(obj, path) {
  let v = obj;
  for (const s of path.split('.')) {
    if (v === null || typeof v !== 'object' || !(s in v)) return false;
    v = v[s];
  }
  return true;
}

async function cmdPresent(argv) {
  const { opts, pos } = parseArgs(argv, {
    key: 'string', nonce: 'string', audience: 'string', iat: 'string', disclose: 'multi', all: 'bool', exact: 'bool',
  });
  const credFile = oneArg(pos, 'CREDENTIAL_FILE');
  const cred = readCompact(credFile);
  const wantKb = opts.nonce !== undefined || opts.audience !== undefined;
  if (wantKb && (opts.nonce === undefined || opts.audience === undefined || !opts.key)) {
    throw new UsageError('key binding needs --key, --nonce and --audience');
  }
  const config = { hasher: digest, hashAlg: 'sha-256' };
  if (wantKb) {
    config.kbSigner = makeSigner(privateKeyObject(readPrivateJwk(opts.key), opts.key));
    config.kbSignAlg = ALG;
  }
  const sdjwt = new SDJwtVcInstance(config);

  // Drop any KB-JWT the input might carry: present from the bare credential.
  const { jwt, disclosures } = splitCompact(cred);
  const bare = [jwt, ...disclosures, ''].join('~');

  const presentable = await sdjwt.presentableKeys(bare);
  const allClaims = await sdjwt.getClaims(bare);
  let selected;
  if (opts.all) {
    selected = presentable;
  } else {
    selected = new Set();
    for (const given of opts.disclose) {
      const p = normPath(given);
      if (!hasPath(allClaims, p)) throw new Error(`no claim at path "${given}"`);
      const segs = p.split('.');
      for (let i = 1; i <= segs.length; i++) {
        const anc = segs.slice(0, i).join('.');
        if (presentable.includes(anc)) selected.add(anc);
      }
      if (!opts.exact) for (const k of presentable) if (k.startsWith(p + '.')) selected.add(k);
    }
    selected = [...selected];
  }
  const frame = buildPresentationFrame(selected);
  const options = wantKb
    ? { kb: { payload: { iat: intOpt(opts.iat, 'iat') ?? now(), aud: opts.audience, nonce: opts.nonce } } }
    : undefined;
  const pres = await sdjwt.present(bare, frame, options);
  out(pres);
}

// ---------------------------------------------------------------- verify

async function cmdVerify(argv) {
  const { opts, pos } = parseArgs(argv, {
    'issuer-key': 'multi', nonce: 'string', audience: 'string', at: 'string', leeway: 'string', 'kb-max-age': 'string',
    'status-list': 'multi', 'skip-status': 'bool',
  });
  const file = oneArg(pos, 'PRESENTATION_FILE');
  if ((opts.nonce === undefined) !== (opts.audience === undefined)) throw new UsageError('give both --nonce and --audience, or neither');
  const requireKb = opts.nonce !== undefined;
  const keys = loadIssuerKeys(opts['issuer-key']);
  const at = intOpt(opts.at, 'at') ?? now();
  const leeway = intOpt(opts.leeway, 'leeway') ?? 60;
  const kbMaxAge = intOpt(opts['kb-max-age'], 'kb-max-age') ?? 300;

  const compact = readCompact(file);
  const { jwt, disclosures, kb } = splitCompact(compact);
  const segs = jwt.split('.');
  if (segs.length !== 3) throw new Rejected('issuer JWT is not three segments');

  // What the library does not check itself, the helper does (see README).
  const header = decodeSegment(segs[0], 'issuer JWT header');
  const rawPayload = decodeSegment(segs[1], 'issuer JWT payload');
  if (header.typ !== TYP) throw new Rejected(`header typ is ${JSON.stringify(header.typ)}, want "${TYP}"`);
  if (header.alg !== ALG) throw new Rejected(`header alg is ${JSON.stringify(header.alg)}, want "${ALG}"`);
  if (rawPayload._sd_alg !== undefined && rawPayload._sd_alg !== 'sha-256') throw new Rejected(`_sd_alg ${rawPayload._sd_alg} unsupported`);
  if (typeof rawPayload.iss !== 'string') throw new Rejected('no iss');
  if (typeof rawPayload.vct !== 'string') throw new Rejected('no vct');
  for (const c of ['iat', 'exp', 'nbf']) {
    if (rawPayload[c] !== undefined && typeof rawPayload[c] !== 'number') throw new Rejected(`${c} is not a number`);
  }

  // Candidate keys: by issuer (metadata) and kid.
  let cands = keys.filter((k) => k.issuer === undefined || k.issuer === rawPayload.iss);
  if (header.kid !== undefined) cands = cands.filter((k) => k.jwk.kid === undefined || k.jwk.kid === header.kid);
  if (cands.length === 0) throw new Rejected(`no trusted key for iss ${rawPayload.iss} kid ${header.kid}`);

  const kbVerifier = async (data, sig, payload) => {
    const jwk = payload && payload.cnf && payload.cnf.jwk;
    if (!jwk) throw new Rejected('key binding required but the credential has no cnf.jwk');
    return verifySig(publicKeyObject(jwk, 'cnf.jwk'), data, sig);
  };
  // Status lists come from files (the library would fetch the URI); the
  // helper checks typ and sub, which the library does not.
  const statusTokens = opts['status-list'].map((f) => {
    const jwt = readCompact(f);
    const [sh, sp] = jwt.split('.');
    return { f, jwt, header: decodeSegment(sh, `${f} header`), payload: decodeSegment(sp, `${f} payload`) };
  });
  let statusCands = [];
  const sdjwt = new SDJwtVcInstance({
    hasher: digest,
    hashAlg: 'sha-256',
    verifier: async (data, sig) => cands.some((k) => verifySig(k.key, data, sig)),
    kbVerifier,
    statusListFetcher: async (uri) => {
      const t = statusTokens.find((x) => x.payload.sub === uri);
      if (!t) throw new Rejected(`no status list given for ${uri}`);
      if (t.header.typ !== SL_TYP) throw new Rejected(`${t.f}: typ ${JSON.stringify(t.header.typ)}, want "${SL_TYP}"`);
      if (t.header.alg !== ALG) throw new Rejected(`${t.f}: alg ${JSON.stringify(t.header.alg)}`);
      statusCands = keys.filter((k) => (k.issuer === undefined || k.issuer === t.payload.iss)
        && (t.header.kid === undefined || k.jwk.kid === undefined || k.jwk.kid === t.header.kid));
      return t.jwt;
    },
    statusVerifier: async (data, sig) => statusCands.some((k) => verifySig(k.key, data, sig)),
    statusValidator: async (status) => {
      if (status !== 0) throw new Rejected(`credential status is ${status}${status === 1 ? ' (invalid)' : status === 2 ? ' (suspended)' : ''}`);
    },
  });
  if (opts['skip-status']) sdjwt.verifyStatus = async () => {};
  const options = { currentDate: at, skewSeconds: leeway };
  if (requireKb) options.keyBindingNonce = opts.nonce;

  if (requireKb && !kb) throw new Rejected('key binding required but there is no KB-JWT');
  const res = await sdjwt.verify(compact, options);

  if (requireKb) {
    if (!res.kb) throw new Rejected('library returned no key binding');
    if (res.kb.header.typ !== KB_TYP) throw new Rejected(`KB-JWT typ ${res.kb.header.typ}`);
    if (res.kb.header.alg !== ALG) throw new Rejected(`KB-JWT alg ${res.kb.header.alg}`);
    // The library checks nonce and sd_hash but not aud and not iat freshness.
    if (res.kb.payload.aud !== opts.audience) throw new Rejected(`KB-JWT aud ${JSON.stringify(res.kb.payload.aud)} != ${JSON.stringify(opts.audience)}`);
    const kiat = res.kb.payload.iat;
    if (typeof kiat !== 'number') throw new Rejected('KB-JWT iat is not a number');
    if (kiat > at + leeway) throw new Rejected('KB-JWT iat in the future');
    if (kiat < at - kbMaxAge - leeway) throw new Rejected('KB-JWT too old');
  }
  checkDisclosureStructure(rawPayload, disclosures);
  out(JSON.stringify(res.payload));
}

// ---------------------------------------------------------------- inspect / tamper

function inspectCompact(compact) {
  const { jwt, disclosures, kb } = splitCompact(compact);
  const segs = jwt.split('.');
  const res = {
    header: decodeSegment(segs[0], 'header'),
    payload: decodeSegment(segs[1], 'payload'),
    disclosures: disclosures.map((d) => ({ encoded: d, digest: sha256b64(d), value: decodeSegment(d, 'disclosure') })),
    kb: null,
    sd_hash: sha256b64([jwt, ...disclosures, ''].join('~')),
  };
  if (kb) {
    const ks = kb.split('.');
    res.kb = { header: decodeSegment(ks[0], 'KB header'), payload: decodeSegment(ks[1], 'KB payload') };
  }
  return res;
}

async function cmdInspect(argv) {
  const { pos } = parseArgs(argv, {});
  out(JSON.stringify(inspectCompact(readCompact(oneArg(pos, 'FILE'))), null, 2));
}

function flipChar(s, i) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const c = s[i];
  const n = alphabet[(alphabet.indexOf(c) + 1) % alphabet.length];
  return s.slice(0, i) + n + s.slice(i + 1);
}

async function cmdTamper(argv) {
  const { opts, pos } = parseArgs(argv, { mode: 'string' });
  const compact = readCompact(oneArg(pos, 'FILE'));
  const { jwt, disclosures, kb } = splitCompact(compact);
  const [h, p, s] = jwt.split('.');
  const join = (j, ds, k) => [j, ...ds, k].join('~');
  switch (opts.mode) {
    case 'payload-flip': {
      out(join([h, flipChar(p, Math.floor(p.length / 2)), s].join('.'), disclosures, kb));
      break;
    }
    case 'payload-claim': {
      const payload = decodeSegment(p, 'payload');
      if (typeof payload.vneid_level === 'number') payload.vneid_level += 1;
      else payload.iat = (payload.iat ?? 0) + 1;
      out(join([h, b64json(payload), s].join('.'), disclosures, kb));
      break;
    }
    case 'disclosure-flip': {
      if (disclosures.length === 0) throw new Error('no disclosure to tamper with');
      const d = disclosures[0];
      out(join(jwt, [flipChar(d, Math.floor(d.length / 2)), ...disclosures.slice(1)], kb));
      break;
    }
    case 'kb-aud': {
      if (!kb) throw new Error('no KB-JWT to tamper with');
      const [kh, kp, ks] = kb.split('.');
      const kpay = decodeSegment(kp, 'KB payload');
      kpay.aud = `${kpay.aud}.evil.example`;
      out(join(jwt, disclosures, [kh, b64json(kpay), ks].join('.')));
      break;
    }
    case 'dup-disclosure': {
      if (disclosures.length === 0) throw new Error('no disclosure to duplicate');
      out(join(jwt, [...disclosures, disclosures[0]], kb));
      break;
    }
    case 'drop-kb':
      out(join(jwt, disclosures, ''));
      break;
    default:
      throw new UsageError('tamper --mode payload-flip|payload-claim|disclosure-flip|dup-disclosure|kb-aud|drop-kb FILE');
  }
}

// ---------------------------------------------------------------- status lists

async function cmdStatusList(argv) {
  const { opts, pos } = parseArgs(argv, {
    key: 'string', iss: 'string', uri: 'string', bits: 'string', size: 'string', set: 'multi', iat: 'string', exp: 'string',
  });
  if (pos.length || !opts.key || !opts.uri || !opts.bits || !opts.size) {
    throw new UsageError('status-list --key JWK [--iss URL] --uri URI --bits N --size N [--set IDX=VALUE]...');
  }
  const jwk = readPrivateJwk(opts.key);
  const bits = intOpt(opts.bits, 'bits');
  const list = new StatusList(new Array(intOpt(opts.size, 'size')).fill(0), bits);
  for (const e of opts.set) {
    const m = /^([0-9]+)=([0-9]+)$/.exec(e);
    if (!m) throw new UsageError('--set IDX=VALUE');
    list.setStatus(Number(m[1]), Number(m[2]));
  }
  const payload = { sub: opts.uri, iat: intOpt(opts.iat, 'iat') ?? now() };
  if (opts.iss) payload.iss = opts.iss;
  if (opts.exp) payload.exp = intOpt(opts.exp, 'exp');
  const header = { alg: ALG, typ: SL_TYP };
  if (jwk.kid !== undefined) header.kid = jwk.kid;
  const hp = createHeaderAndPayload(list, payload, header);
  const si = `${b64json(hp.header)}.${b64json(hp.payload)}`;
  const sig = await makeSigner(privateKeyObject(jwk, opts.key))(si);
  out(`${si}.${sig}`);
}

// Prints the entries at the given indices as a JSON array, after checking
// typ (and the signature, when --issuer-key is given).
async function cmdStatusGet(argv) {
  const { opts, pos } = parseArgs(argv, { 'issuer-key': 'multi' });
  if (pos.length < 2) throw new UsageError('status-get [--issuer-key FILE]... TOKEN IDX...');
  const jwt = readCompact(pos[0]);
  const [sh, sp, ss] = jwt.split('.');
  const header = decodeSegment(sh, 'status list header');
  const payload = decodeSegment(sp, 'status list payload');
  if (header.typ !== SL_TYP) throw new Rejected(`typ ${JSON.stringify(header.typ)}`);
  if (opts['issuer-key'].length) {
    const ok = loadIssuerKeys(opts['issuer-key']).some((k) => verifySig(k.key, `${sh}.${sp}`, ss));
    if (!ok) throw new Rejected('status list signature does not verify');
  }
  const list = getListFromStatusListJWT(jwt);
  if (list.getBitsPerStatus() !== payload.status_list.bits) throw new Rejected('bits mismatch');
  out(JSON.stringify(pos.slice(1).map((i) => list.getStatus(intOpt(i, 'IDX')))));
}

// ---------------------------------------------------------------- keys (self-test)

async function cmdKeygen(argv) {
  const { opts, pos } = parseArgs(argv, { kid: 'string' });
  if (pos.length) throw new UsageError('keygen [--kid KID]');
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const res = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d };
  if (opts.kid !== undefined) res.kid = opts.kid;
  out(JSON.stringify(res));
}

async function cmdPubkey(argv) {
  const { pos } = parseArgs(argv, {});
  const f = oneArg(pos, 'KEY.jwk');
  const jwk = readJson(f);
  checkOkp(jwk, f);
  out(JSON.stringify(publicJwk(jwk)));
}

// ---------------------------------------------------------------- JSON helpers

function diff(a, b, path, acc) {
  const ta = Array.isArray(a) ? 'array' : a === null ? 'null' : typeof a;
  const tb = Array.isArray(b) ? 'array' : b === null ? 'null' : typeof b;
  if (ta !== tb) {
    acc.push(`${path || '.'}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    return;
  }
  if (ta === 'array') {
    if (a.length !== b.length) acc.push(`${path || '.'}: array length ${a.length} vs ${b.length}`);
    for (let i = 0; i < Math.min(a.length, b.length); i++) diff(a[i], b[i], `${path}[${i}]`, acc);
  } else if (ta === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!(k in a)) acc.push(`${path}.${k}: only in second`);
      else if (!(k in b)) acc.push(`${path}.${k}: only in first`);
      else diff(a[k], b[k], `${path}.${k}`, acc);
    }
  } else if (a !== b) {
    acc.push(`${path || '.'}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }
}

async function cmdJsonEqual(argv) {
  const { pos } = parseArgs(argv, {});
  if (pos.length !== 2) throw new UsageError('json-equal A.json B.json');
  const a = readJson(pos[0]);
  const b = readJson(pos[1]);
  const acc = [];
  diff(a, b, '', acc);
  if (acc.length) {
    for (const l of acc) process.stderr.write(`  ${l}\n`);
    throw new Rejected(`${pos[0]} and ${pos[1]} differ`);
  }
}

function getPath(obj, path) {
  let v = obj;
  for (const s of path.split('.')) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, s)) return { found: false };
    v = v[s];
  }
  return { found: true, value: v };
}

async function cmdJsonCheck(argv) {
  const { opts, pos } = parseArgs(argv, { present: 'multi', absent: 'multi', equals: 'multi', same: 'multi', subset: 'multi' });
  const f = oneArg(pos, 'FILE');
  const doc = readJson(f);
  const errs = [];
  for (const p of opts.present) if (!getPath(doc, p).found) errs.push(`${p} missing`);
  for (const p of opts.absent) if (getPath(doc, p).found) errs.push(`${p} present: ${JSON.stringify(getPath(doc, p).value)}`);
  for (const e of opts.equals) {
    const i = e.indexOf('=');
    if (i < 0) throw new UsageError('--equals PATH=JSON');
    const p = e.slice(0, i);
    const want = JSON.parse(e.slice(i + 1));
    const got = getPath(doc, p);
    const acc = [];
    if (!got.found) errs.push(`${p} missing`);
    else {
      diff(got.value, want, p, acc);
      if (acc.length) errs.push(...acc);
    }
  }
  for (const e of opts.same) {
    const i = e.indexOf('=');
    if (i < 0) throw new UsageError('--same PATH=PATH');
    const a = getPath(doc, e.slice(0, i));
    const b = getPath(doc, e.slice(i + 1));
    const acc = [];
    if (!a.found || !b.found) errs.push(`${e}: missing`);
    else {
      diff(a.value, b.value, e, acc);
      if (acc.length) errs.push(...acc);
    }
  }
  for (const sf of opts.subset) {
    const want = readJson(sf);
    for (const [k, v] of Object.entries(want)) {
      const acc = [];
      if (!Object.prototype.hasOwnProperty.call(doc, k)) errs.push(`${k} (from ${sf}) missing`);
      else diff(doc[k], v, k, acc);
      errs.push(...acc);
    }
  }
  if (errs.length) throw new Rejected(`${f}: ${errs.join('; ')}`);
}

// ---------------------------------------------------------------- main

const COMMANDS = {
  issue: cmdIssue,
  present: cmdPresent,
  verify: cmdVerify,
  inspect: cmdInspect,
  tamper: cmdTamper,
  'status-list': cmdStatusList,
  'status-get': cmdStatusGet,
  keygen: cmdKeygen,
  pubkey: cmdPubkey,
  'json-equal': cmdJsonEqual,
  'json-check': cmdJsonCheck,
};

const [cmd, ...rest] = process.argv.slice(2);
if (!cmd || !COMMANDS[cmd]) {
  die(new UsageError(`${PROG} ${Object.keys(COMMANDS).join('|')} ...`));
}
COMMANDS[cmd](rest).catch(die);
