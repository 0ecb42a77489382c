// Composes every module's subgraph SDL (written by `vextrus schema export`) into a supergraph.
// Exits non-zero with the composition errors when a module cannot join the federation.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "graphql";
import { composeServices, compositionHasErrors } from "@theguild/federation-composition";

const [dir = "subgraphs", out = "supergraph.graphql", apiOut] = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.endsWith(".graphql")).sort();
if (files.length === 0) {
  console.error(`no subgraph SDL files in ${dir}`);
  process.exit(2);
}
const services = files.map((f) => ({
  name: f.replace(/\.graphql$/, ""),
  typeDefs: parse(readFileSync(join(dir, f), "utf8")),
  url: `http://${f.replace(/\.graphql$/, "")}:8000/graphql`,
}));
const result = composeServices(services);
if (compositionHasErrors(result)) {
  for (const e of result.errors) console.error(`composition error: ${e.message}`);
  process.exit(1);
}
writeFileSync(out, result.supergraphSdl);
if (apiOut) writeFileSync(apiOut, result.publicSdl); // the API clients see through the gateway
console.log(`composed ${services.length} subgraphs (${services.map((s) => s.name).join(", ")}) into ${out}`);
