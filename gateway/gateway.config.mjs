// GraphQL Hive Gateway settings for the scale-out deployment:
//   hive-gateway supergraph supergraph.graphql -c gateway/gateway.config.mjs
// Every module process authenticates each request itself (the auth module is loaded in all of
// them), so the gateway passes the caller's credentials through to every subgraph it calls.
import { defineConfig } from "@graphql-hive/gateway";

/** Client headers each subgraph needs: who is calling, and the request id that ties logs together. */
export const PROPAGATED_HEADERS = ["authorization", "x-api-key", "x-request-id"];

export const gatewayConfig = defineConfig({
  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      const headers = {};
      for (const name of PROPAGATED_HEADERS) {
        const value = request.headers.get(name);
        if (value) headers[name] = value;
      }
      return headers;
    },
  },
  healthCheckEndpoint: "/healthcheck",
  readinessCheckEndpoint: "/readiness",
});
