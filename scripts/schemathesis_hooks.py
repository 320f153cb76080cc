"""schemathesis hooks for scripts/schemathesis (loaded through SCHEMATHESIS_HOOKS): serializers for the media types
our OpenAPI document uses that schemathesis does not know."""
import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    """NDJSON (`POST /logs`): a generated string as it is; a generated list, one JSON text per line."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    if isinstance(value, list):
        return "".join(json.dumps(item) + "\n" for item in value).encode()
    return json.dumps(value).encode()
