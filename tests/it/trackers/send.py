"""Sends events to a collector with Snowplow's Python tracker (PyPI `snowplow-tracker`).

Usage: python3 send.py PORT get|post EVENTS.json. Each event: action, category, label,
property, value (all optional but action) and `standard` (a gitlab_standard context's data,
or null for none). Exits 1 when the tracker reports a failed request.
"""

import json
import sys

from snowplow_tracker import Emitter, SelfDescribingJson, StructuredEvent, Tracker

STANDARD = "iglu:com.gitlab/gitlab_standard/jsonschema/1-1-1"

port, method, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
failed = []
emitter = Emitter(
    "127.0.0.1",
    protocol="http",
    port=port,
    method=method,
    batch_size=1 if method == "get" else 10,
    on_failure=lambda count, events: failed.append(count),
)
tracker = Tracker(namespace="eventdef-test", emitters=emitter, app_id="gitlab")
with open(path) as f:
    events = json.load(f)
for event in events:
    context = [SelfDescribingJson(STANDARD, event["standard"])] if event.get("standard") is not None else None
    tracker.track(
        StructuredEvent(
            category=event.get("category", "InternalEventTracking"),
            action=event["action"],
            label=event.get("label"),
            property_=event.get("property"),
            value=event.get("value"),
            context=context,
        )
    )
tracker.flush()
if failed:
    sys.exit(f"the tracker failed to send {sum(failed)} events")
