// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The @openid4vc/openid4vp side of the OpenID4VP interop tests.
//
//   node openid4vp.mjs parse-request REQUEST.json
//       its wallet-side parser and validator on our (unsigned) request
//   node openid4vp.mjs create QUERY.json RESPONSE_URI
//       its verifier makes an unsigned redirect_uri: request with our DCQL
//       query; prints the request payload
//   node openid4vp.mjs validate-response REQUEST.json VP_TOKEN.json [STATE]
//       its verifier checks the response payload (state, vp_token against
//       the DCQL query); prints {"presentations": [ids]} or {"error": …}
import { readFileSync } from "node:fs";
import {
  createOpenid4vpAuthorizationRequest,
  parseOpenid4vpAuthorizationRequest,
  validateOpenid4vpAuthorizationRequestPayload,
  validateOpenid4vpAuthorizationResponsePayload,
} from "@openid4vc/openid4vp";

const read = (path) => JSON.parse(readFileSync(path, "utf8"));
const noSigning = {
  signJwt: async () => { throw new Error("unsigned requests only"); },
  encryptJwe: async () => { throw new Error("no encryption"); },
};
const [command, first, second, third] = process.argv.slice(2);
let result;
try {
  if (command === "parse-request") {
    const parsed = parseOpenid4vpAuthorizationRequest({ authorizationRequest: read(first) });
    validateOpenid4vpAuthorizationRequestPayload({ params: parsed.params, isJarRequest: false });
    result = { type: parsed.type, client_id: parsed.params.client_id };
  } else if (command === "create") {
    const created = await createOpenid4vpAuthorizationRequest({
      authorizationRequestPayload: {
        response_type: "vp_token", response_mode: "direct_post",
        client_id: `redirect_uri:${second}`, response_uri: second,
        nonce: `npm-${Date.now()}-${Math.random().toString(36).slice(2)}`, state: "npm-state",
        dcql_query: read(first),
      },
      callbacks: noSigning,
    });
    result = created.authorizationRequestPayload;
  } else if (command === "validate-response") {
    const request = read(first);
    const checked = validateOpenid4vpAuthorizationResponsePayload({
      authorizationRequestPayload: request,
      authorizationResponsePayload: { vp_token: read(second), state: third ?? request.state },
    });
    result = { type: checked.type, presentations: Object.keys(checked.dcql?.presentations ?? {}) };
  } else {
    throw new Error(`unknown command ${command}`);
  }
} catch (e) {
  result = { error: String(e?.message ?? e) };
}
console.log(JSON.stringify(result));
