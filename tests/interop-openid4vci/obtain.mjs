// obtain.mjs: the independent @openid4vc/openid4vci wallet client obtains a
// credential from vneid-authority with the pre-authorized code flow.
//
//   node obtain.mjs OFFER_URI TX_CODE WALLET.jwk
//
// Prints the issued credential (one line) on success; on failure the
// library's error on standard error and exit status 1.
//
// SPDX-License-Identifier: LGPL-2.1-or-later
import crypto from 'node:crypto'
import fs from 'node:fs'

import { clientAuthenticationAnonymous } from '@openid4vc/oauth2'
import { Openid4vciClient } from '@openid4vc/openid4vci'
import { setGlobalConfig } from '@openid4vc/utils'

const [offerUri, txCode, walletPath] = process.argv.slice(2)
if (!walletPath) {
  console.error('usage: node obtain.mjs OFFER_URI TX_CODE WALLET.jwk')
  process.exit(2)
}

// The authority under test listens on http://127.0.0.1 (no TLS in tests).
setGlobalConfig({ allowInsecureUrls: true })

const privateJwk = JSON.parse(fs.readFileSync(walletPath, 'utf8'))
const privateKey = crypto.createPrivateKey({ key: privateJwk, format: 'jwk' })
const publicJwk = { kty: privateJwk.kty, crv: privateJwk.crv, x: privateJwk.x }
const b64url = (data) => Buffer.from(data).toString('base64url')

const callbacks = {
  hash: (data, alg) => crypto.createHash(alg.replace('-', '')).update(data).digest(),
  generateRandom: (length) => crypto.randomBytes(length),
  clientAuthentication: clientAuthenticationAnonymous(),
  signJwt: async (signer, { header, payload }) => {
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`
    const signature = crypto.sign(null, Buffer.from(input), privateKey)
    return { jwt: `${input}.${b64url(signature)}`, signerJwk: publicJwk }
  },
}

try {
  const client = new Openid4vciClient({ callbacks })
  const credentialOffer = await client.resolveCredentialOffer(offerUri)
  const issuerMetadata = await client.resolveIssuerMetadata(credentialOffer.credential_issuer)
  const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
    credentialOffer, issuerMetadata, txCode,
  })
  const { c_nonce: nonce } = await client.requestNonce({ issuerMetadata })
  const credentialConfigurationId = credentialOffer.credential_configuration_ids[0]
  const { jwt } = await client.createCredentialRequestJwtProof({
    issuerMetadata,
    credentialConfigurationId,
    signer: { method: 'jwk', alg: 'EdDSA', publicJwk },
    nonce,
    issuedAt: new Date(),
  })
  const response = await client.retrieveCredentials({
    issuerMetadata,
    accessToken: accessTokenResponse.access_token,
    credentialConfigurationId,
    proofs: { jwt: [jwt] },
  })
  console.log(response.credentialResponse.credentials[0].credential)
} catch (error) {
  console.error(`@openid4vc/openid4vci: ${error.message}`)
  if (error.response) console.error(JSON.stringify(error.response))
  process.exit(1)
}
