// Composes every module's subgraph SDL (written by `vextrus schema export`) into a supergraph.
// Exits non-zero with the composition errors when a module cannot join the federation.
//
//   node compose.mjs [subgraph dir] [supergraph out] [api schema out] [urls.json]
//   node compose.mjs <dir> <out> --urls urls.json [--api api.graphql]
//
// urls.json maps each module to the URL of its process, e.g. {"finance": "http://finance:8000/graphql"};
// a module it does not name is reached at http://<module>:8000/graphql (one DNS name per module).
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "graphql";
import { composeServices, compositionHasErrors } from "@theguild/federation-composition";

function parseArgs(argv) {
  const positional = [];
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i].match(/^--(urls|api)(?:=(.*))?$/);
    if (!flag) {
      positional.push(argv[i]);
      continue;
    }
    const value = flag[2] ?? argv[++i];
    if (value === undefined) fail(`--${flag[1]} needs a value`, 2);
    opts[flag[1]] = value;
  }
  const [dir = "subgraphs", out = "supergraph.graphql", apiOut, urls] = positional;
  return { dir, out, apiOut: opts.api ?? apiOut, urls: opts.urls ?? urls };
}

function fail(message, code) {
  console.error(message);
  process.exit(code);
}

function readUrls(path) {
  if (!path) return {};
  let urls;
  try {
    urls = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    fail(`cannot read subgraph URLs from ${path}: ${e.message}`, 2);
  }
  if (urls === null || typeof urls !== "object" || Array.isArray(urls)) {
    fail(`${path} must be a JSON object {"<module>": "<url>"}`, 2);
  }
  for (const [name, url] of Object.entries(urls)) {
    if (typeof url !== "string" || !/^https?:\/\//.test(url)) fail(`${path}: URL of ${name} must be http(s)://...`, 2);
  }
  return urls;
}

const { dir, out, apiOut, urls: urlsPath } = parseArgs(process.argv.slice(2));
const urls = readUrls(urlsPath);
const files = readdirSync(dir).filter((f) => f.endsWith(".graphql")).sort();
if (files.length === 0) fail(`no subgraph SDL files in ${dir}`, 2);
const names = files.map((f) => f.replace(/\.graphql$/, ""));
const unknown = Object.keys(urls).filter((n) => !names.includes(n));
if (unknown.length) fail(`${urlsPath} names modules without a subgraph in ${dir}: ${unknown.join(", ")}`, 2);
const services = files.map((f, i) => ({
  name: names[i],
  typeDefs: parse(readFileSync(join(dir, f), "utf8")),
  url: urls[names[i]] ?? `http://${names[i]}:8000/graphql`,
}));
const result = composeServices(services);
if (compositionHasErrors(result)) {
  for (const e of result.errors) console.error(`composition error: ${e.message}`);
  process.exit(1);
}
writeFileSync(out, result.supergraphSdl);
if (apiOut) writeFileSync(apiOut, result.publicSdl); // the API clients see through the gateway
console.log(`composed ${services.length} subgraphs (${services.map((s) => `${s.name} at ${s.url}`).join(", ")}) into ${out}`);
