// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The independent side of the OpenID4VP interop tests: the `dcql` npm
// package parses, validates and evaluates what libvneid builds.
//
//   node dcql.mjs validate QUERY.json
//       parse + validate the DCQL query; prints {"valid": true} or
//       {"valid": false, "error": "..."}
//   node dcql.mjs wallet QUERY.json CREDENTIALS.json
//       CREDENTIALS.json: [{"vct", "claims"}] (a wallet's credentials, all
//       claims); prints {"can_be_satisfied": bool}
//   node dcql.mjs response QUERY.json PRESENTED.json
//       PRESENTED.json: {"query id": [PAYLOAD]} (the verified payload of
//       each presentation of a vp_token: its disclosed claims, vct, …);
//       prints {"can_be_satisfied": bool}
import { readFileSync } from "node:fs";
import { DcqlQuery, DcqlPresentationResult } from "dcql";

const read = (path) => JSON.parse(readFileSync(path, "utf8"));
const sdJwt = ({ vct, claims }) => ({
  credential_format: "dc+sd-jwt",
  vct,
  claims,
  cryptographic_holder_binding: true,
});

const [command, queryPath, dataPath] = process.argv.slice(2);
let result;
try {
  const query = DcqlQuery.parse(read(queryPath));
  DcqlQuery.validate(query);
  if (command === "validate") {
    result = { valid: true };
  } else if (command === "wallet") {
    const outcome = DcqlQuery.query(query, read(dataPath).map(sdJwt));
    result = { can_be_satisfied: outcome.can_be_satisfied };
  } else if (command === "response") {
    const presented = Object.fromEntries(
      Object.entries(read(dataPath)).map(([id, list]) =>
        [id, list.map((payload) => sdJwt({ vct: payload.vct, claims: payload }))]));
    const outcome = DcqlPresentationResult.fromDcqlPresentation(presented, { dcqlQuery: query });
    result = { can_be_satisfied: outcome.can_be_satisfied };
  } else {
    throw new Error(`unknown command ${command}`);
  }
} catch (e) {
  result = command === "validate" ? { valid: false, error: String(e?.message ?? e) }
                                  : { error: String(e?.message ?? e) };
}
console.log(JSON.stringify(result));
