// Sends events to a collector with Snowplow's Node tracker (npm `@snowplow/node-tracker`).
// Usage: node send.mjs PORT get|post EVENTS.json (events as send.py reads them).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

// The tracker is installed in a folder of its own (EVENTDEF_NODE_MODULES), not beside this file.
const require = createRequire(process.env.EVENTDEF_NODE_MODULES + "/");
const { newTracker, buildStructEvent } = require("@snowplow/node-tracker");

const STANDARD = "iglu:com.gitlab/gitlab_standard/jsonschema/1-1-1";
const [port, method, path] = process.argv.slice(2);
let failed = 0;
const tracker = newTracker(
  { namespace: "eventdef-test", appId: "gitlab" },
  {
    endpoint: `http://127.0.0.1:${port}`,
    eventMethod: method,
    bufferSize: 1,
    onRequestFailure: () => { failed += 1; },
  },
);
for (const event of JSON.parse(readFileSync(path, "utf8"))) {
  const context = event.standard == null ? [] : [{ schema: STANDARD, data: event.standard }];
  const struct = { category: event.category ?? "InternalEventTracking", action: event.action };
  for (const key of ["label", "property", "value"]) {
    if (event[key] != null) struct[key] = event[key];
  }
  tracker.track(buildStructEvent(struct), context);
}
await tracker.flush();
if (failed > 0) {
  console.error(`the tracker failed to send ${failed} requests`);
  process.exit(1);
}
