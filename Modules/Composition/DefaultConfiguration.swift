/// The embedded defaults: byte for byte `config/logsvc.yaml` (a test keeps them equal).
public enum DefaultConfiguration {
    public static let yaml = #"""
# logsvc configuration: every key, with its default.
#
# `logsvc serve` runs on exactly these values when no --config is given. A file passed with
# --config is merged over them: write only the keys you change. Unknown keys, wrong types and
# bad values stop the service at start with the file, line and key named.

server:
  host: 127.0.0.1          # address to listen on; 0.0.0.0 for every interface
  port: 8080               # 0 picks a free port (printed at start)
  # What one connection may hold (see docs: hostile clients). Deadlines run from when a phase begins,
  # so bytes that trickle in do not push them back.
  max_connections: 4096    # open connections at most; at the limit the one idle longest is closed to make
                           # room, and when none is idle a new one is closed at once
  max_connections_per_address: 64  # from one client address; more are closed at once. 0: no limit
                           # (set 0 behind a proxy or load balancer: every client then has its address)
  listen_backlog: 4096     # connections the kernel queues before they are accepted (capped by
                           # net.core.somaxconn); past it a flood of new ones delays every newcomer by a second
  idle_timeout_seconds: 60 # waiting for the first byte of the next request
  head_timeout_seconds: 10 # from the first byte of a request to the end of its headers
  body_timeout_seconds: 10 # for the request body, plus one second for every body_min_rate bytes received,
  body_min_rate: 16384     # (bytes per second)
  body_max_seconds: 60     # and never more than this in all
  send_timeout_seconds: 30 # a client that takes nothing of an answer for this long is disconnected
  max_requests_per_connection: 1000  # the last answer carries Connection: close
  max_connection_age_seconds: 3600   # after this the next answer carries Connection: close

log_level: info            # trace, debug, info, notice, warning, error, critical
log_format: text           # text: one line per event, control characters escaped; json: one object per line

# Modules this process hosts. The single binary hosts all four; a Lambda profile hosts a subset.
modules: [auth, ingest, query, crypto]

storage:
  backend: sqlite          # sqlite: embedded, in the data dir; dynamodb: an Amazon DynamoDB table
  sqlite:
    file: entries.sqlite   # relative to the data dir unless absolute
    durability: full       # full: fsync every group commit; normal: survives a crash, not power loss
  dynamodb:                # create the table with `logsvc storage create-table`; credentials come from
                           # AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN
    table: logsvc-entries
    region: us-east-1
    endpoint: ""           # empty: https://dynamodb.REGION.amazonaws.com; e.g. http://127.0.0.1:5000 for moto
    shards: 4              # partitions per tenant (each takes ~1,000 writes/s); raise for busy tenants, never lower

retention:
  days: 0                  # entries older than this many days are deleted and never returned; 0 keeps them forever

crypto:
  keyring: local           # local: key-encryption keys in the data dir, under a master key;
                           # aws_kms: an AWS KMS key wraps the data keys (see aws_kms)
  local:
    file: keyring.json     # versioned key-encryption keys, each encrypted under the master key
    master_key_file: master.key  # used when LOGSVC_MASTER_KEY (base64 of 32 bytes) is not set;
                           # generated on first start. Back it up APART from the data: without it
                           # nothing can be read, and with the data it reads everything.
  aws_kms:
    key_id: ""             # key id, key ARN or alias/NAME; credentials come from AWS_ACCESS_KEY_ID,
                           # AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN
    region: us-east-1
    endpoint: ""           # empty: https://kms.REGION.amazonaws.com
  data_keys_file: keys.sqlite      # wrapped data keys (never plaintext)
  data_key_cache:          # how long one data key keeps sealing new entries
    max_age_seconds: 3600
    max_messages: 1000000  # far below AES-GCM's 2^32 messages per key with random nonces
    max_bytes: 1073741824
    max_cached_keys: 10000 # unwrapped keys kept in memory for reads

auth:
  issuer: ""               # `iss` of issued tokens; empty: http://HOST:PORT/<user_pool_id> at first start
  token_lifetime_seconds: 3600          # ID and access tokens
  client_token_lifetime_seconds: 900    # machine clients' access tokens (POST /oauth2/token)
  refresh_token_validity_days: 30
  temporary_password_validity_days: 7   # a temporary password not changed by then must be reset
  clock_leeway_seconds: 60 # tolerated clock skew for exp, nbf and iat
  tenant_claim: "custom:tenant"
  default_tenant: default  # tenant of tokens without the tenant claim
  max_token_bytes: 8192
  ungrouped_roles: [writer, reader]  # roles of a token with no groups (no cognito:groups, or []); []: none.
                           # Groups must be exactly writer, reader or admin: a token whose groups name none
                           # of them gets no access (403), whatever this says
  local_pool: true         # a local user pool (identity.sqlite); false: only tokens of `issuers` (Lambda + Cognito)
  password_policy:         # Cognito's default policy
    minimum_length: 8
    require_uppercase: true
    require_lowercase: true
    require_numbers: true
    require_symbols: true
  password_hash_iterations: 600000  # PBKDF2-HMAC-SHA256 rounds of new password hashes (OWASP's figure; at
                           # least 1000, NIST SP 800-132); also the cost of checking an unknown username
  lockout:                 # failed logins, counted in memory per user and per client address
    slow_after_failures: 3           # then each failed answer waits one second more (at most 5)
    lock_after_failures: 10          # per user within the window, attempts in flight included: locked for
                                     # lock_seconds
    slow_address_after_failures: 50  # per client address within the window: then each failed answer from it
                                     # waits one second more (at most 5); an address is never locked
    window_seconds: 900
    lock_seconds: 900
  # External identity providers whose tokens are accepted too, e.g. an Amazon Cognito user pool:
  #  - issuer: https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf   # exact `iss`
  #    jwks_url: https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf/.well-known/jwks.json
  #    client_ids: [1example23456789]   # accepted `aud` (ID tokens) / `client_id` (access tokens)
  # Keys are fetched over HTTP, cached for an hour, and refetched for an unknown kid at most once a minute.
  issuers: []

gateway:
  max_body_bytes: 2097152  # larger request bodies get 413
  max_pending_body_bytes: 8388608  # request bodies held in memory at once by the process (8 MiB), shared
                           # fairly among tenants: past it 503, past a caller's share 429, with Retry-After,
                           # before the body is read
  max_pending_answer_bytes: 67108864  # answers held in memory at once by the process (64 MiB), from when they
                           # are built until they are sent, shared fairly among tenants: a caller that reads
                           # none of its answers holds at most its share; past it 429 (503 when full)
  tail:                    # GET /logs/tail (Server-Sent Events)
    max_clients: 64        # open tails in this process, shared fairly among tenants; more get 503 (429
                           # past a caller's share) with Retry-After
    buffer_entries: 10000  # entries queued for one client; one further behind is dropped
    heartbeat_seconds: 15  # a comment line on an idle stream, so proxies keep it open
    stall_seconds: 10      # a dropped client that does not take its final event by then is disconnected
  rpc:                     # POST /rpc: each call is also admitted to its lane within the caller's share
    max_batch_calls: 100   # calls in one batch; more: the batch is refused whole with 413
    max_batch_response_bytes: 8388608  # results of one batch together; then the calls not yet run answer
                           # budget_exceeded (-32029) and logs.query pages end early with a cursor
    max_batch_scan_entries: 50000      # entries the logs.query calls of one batch examine together; then
                           # the calls not yet run answer budget_exceeded
  client_address:          # the client address that login throttling counts (auth.lockout)
    trusted_proxies: []    # addresses or CIDR ranges of your proxies, e.g. [10.0.0.0/8, "2001:db8::/32"]; empty:
                           # the connection's peer is the client and forwarding headers are ignored
    header: X-Forwarded-For  # from a trusted peer only: its right-most address that is not a trusted proxy

ingest:
  max_message_bytes: 262144         # one message, in UTF-8 bytes (256 KiB)
  max_batch_entries: 10000          # entries in one request
  max_batch_message_bytes: 1048576  # all messages and attributes of one request together (1 MiB)
  max_attributes: 32                # attributes of one entry (keys: 1-128 of letters, digits, _.:/-)
  max_resource_attributes: 128      # attributes of an OTLP entry's resource, and of its instrumentation scope
  max_attribute_value_bytes: 1024   # one attribute value in bytes (UTF-8 text, bytes; arrays and maps: all levels)
  max_timestamp_age_seconds: 1209600  # a client timestamp at most 14 days in the past
  max_timestamp_lead_seconds: 7200    # and at most 2 hours in the future
  idempotency_window_seconds: 86400   # how long an Idempotency-Key is remembered (24 hours)
  index:                        # blind indexes: keyed tokens of these fields' values, stored with each entry, so an
                                # equality on them reads only its candidates (docs/query-language.md#encrypted-indexes)
    fields: [service.name, trace_id]  # every tenant's, named as queries name them; at most 16 per tenant
    tenants: {}                       # more for some tenants, e.g. {acme: [http.route, attributes.user.id]};
                                      # `message` indexes its words (reveals word frequencies: read the docs first)

query:
  default_limit: 100       # entries per page when no limit is given
  max_limit: 1000
  max_scan_entries: 10000  # scans (q=, a query= filter on content, sort, stats): entries decrypted per call
  max_scan_seconds: 5      # and seconds of reading per call; past either the answer so far, with a cursor
                           # (a scan also stops 0.25 s before query.recent's timeout_ms, to answer in time)
  max_stats_bytes: 8388608 # groups and distinct values one stats call holds (8 MiB); past it the table so
                           # far, with a cursor
  max_page_bytes: 2097152  # messages and attributes in one page; a page that would pass it ends early
                           # with a cursor (always with at least one entry)
  max_concurrent_scans: 16 # scans running at once in this process, shared fairly among tenants;
                           # more get 503 (429 past a caller's share) with Retry-After

# The in-process bus: which module serves each topic, how many requests run at once
# (concurrency), how many may wait (queue; beyond it: 503 with Retry-After) and the deadline
# from enqueue to reply (timeout_ms; past it: 503). The places (running and waiting) are shared
# fairly among tenants: a caller past its share gets 429 with Retry-After. POST /logs reserves
# its place once its token is checked and before its body is read: a request that cannot run is
# refused before its body is read, and one whose body arrives slowly holds a place in the queue,
# never a running slot.
bus:
  routes:
    auth.verify:  {module: auth, concurrency: 64, queue: 512, timeout_ms: 2000}
    auth.cognito: {module: auth, concurrency: 8, queue: 128, timeout_ms: 10000}
    auth.token:   {module: auth, concurrency: 8, queue: 128, timeout_ms: 10000}
    auth.keys:    {module: auth, concurrency: 8, queue: 64, timeout_ms: 2000}
    auth.app_client: {module: auth, concurrency: 8, queue: 64, timeout_ms: 2000}
    auth.api_keys: {module: auth, concurrency: 8, queue: 64, timeout_ms: 10000}
    auth.users:   {module: auth, concurrency: 8, queue: 64, timeout_ms: 10000}
    ingest.put:   {module: ingest, concurrency: 64, queue: 128, timeout_ms: 10000}
    query.recent: {module: query, concurrency: 32, queue: 64, timeout_ms: 5000}
    crypto.seal:  {module: crypto, concurrency: 64, queue: 512, timeout_ms: 5000}
    crypto.open:  {module: crypto, concurrency: 32, queue: 256, timeout_ms: 5000}
    crypto.index_tokens: {module: crypto, concurrency: 32, queue: 256, timeout_ms: 5000}

# Only for the Lambda functions (see config/lambda-*.yaml).
lambda:
  verify_jwt: false        # false: trust the claims of a Cognito authorizer when an event has them; true: verify
                           # every token here (events without claims are always verified here)
"""#
}
