// The logsvc console: signs in through the Cognito-compatible API, then reads through the REST API
// (docs/console.md). Log content is attacker-controlled: it is only ever set as text (textContent,
// attribute values), never parsed as HTML.

const $ = (id) => document.getElementById(id);
const SEVERITIES = ["debug", "info", "warning", "error", "critical"];
const PAGE = 200;
const RANGES = { "15m": 9e5, "1h": 36e5, "6h": 216e5, "24h": 864e5, "7d": 6048e5, "30d": 2592e6 };
// Histogram bucket sizes, with their length in milliseconds: the smallest that gives at most 60 bars.
const BINS = [["1s", 1e3], ["5s", 5e3], ["10s", 1e4], ["30s", 3e4], ["1m", 6e4], ["5m", 3e5], ["10m", 6e5],
  ["30m", 18e5], ["1h", 36e5], ["3h", 108e5], ["6h", 216e5], ["12h", 432e5], ["1d", 864e5], ["1w", 6048e5]];

// ---- Session: tokens in sessionStorage (gone with the tab), renewed before the ID token expires.

const session = {
  get tokens() { return JSON.parse(sessionStorage.getItem("logsvc.tokens") || "null"); },
  set tokens(value) {
    if (value) sessionStorage.setItem("logsvc.tokens", JSON.stringify(value));
    else sessionStorage.removeItem("logsvc.tokens");
  },
  refreshTimer: 0,
};
let appClient = null;

class APIError extends Error {
  constructor(message, status, code, retryAfter) {
    super(message);
    this.status = status; this.code = code; this.retryAfter = retryAfter;
  }
}

async function cognito(operation, body) {
  const response = await fetch("/", {
    method: "POST",
    headers: { "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": `AWSCognitoIdentityProviderService.${operation}` },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new APIError(answer.message || `${operation} failed (HTTP ${response.status})`, response.status,
      answer.__type, Number(response.headers.get("Retry-After")) || 0);
  }
  return answer;
}

function claims(jwt) {
  const part = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
  const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** Keeps the tokens of a sign-in or a renewal (which brings no new refresh token), and renews them in time. */
function keep(result, refreshToken) {
  session.tokens = { id: result.IdToken, access: result.AccessToken, refresh: result.RefreshToken || refreshToken };
  scheduleRefresh();
}

function signedIn(result) {
  keep(result);
  showApp();
}

function scheduleRefresh() {
  clearTimeout(session.refreshTimer);
  const tokens = session.tokens;
  if (!tokens) return;
  const expiresIn = claims(tokens.id).exp * 1000 - Date.now();
  session.refreshTimer = setTimeout(() => refresh().catch(() => signOut(false)), Math.max(0, expiresIn - 60_000));
}

/** Renews the ID and access tokens with the refresh token (REFRESH_TOKEN_AUTH). */
async function refresh() {
  const tokens = session.tokens;
  if (!tokens) throw new APIError("signed out", 401);
  const answer = await cognito("InitiateAuth", {
    AuthFlow: "REFRESH_TOKEN_AUTH", ClientId: appClient.client_id, AuthParameters: { REFRESH_TOKEN: tokens.refresh },
  });
  keep(answer.AuthenticationResult, tokens.refresh);
}

async function signOut(everywhere = true) {
  const tokens = session.tokens;
  stopTail();
  clearTimeout(session.refreshTimer);
  session.tokens = null;
  if (everywhere && tokens) await cognito("GlobalSignOut", { AccessToken: tokens.access }).catch(() => {});
  list.show([]);
  showSignIn();
}

/** A call of the REST API with the ID token; a 401 renews the token once and tries again. */
async function api(path, options = {}, retried = false) {
  const tokens = session.tokens;
  if (!tokens) throw new APIError("signed out", 401);
  const headers = { ...(options.headers || {}), Authorization: `Bearer ${tokens.id}` };
  const response = await fetch(path, { ...options, headers });
  if (response.status === 401 && !retried) {
    try { await refresh(); } catch { await signOut(false); throw new APIError("Your session ended: sign in again.", 401); }
    return api(path, options, true);
  }
  return response;
}

async function apiJSON(path, body, signal) {
  const response = await api(path, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), signal,
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = answer.error || {};
    throw new APIError(error.message || `HTTP ${response.status}`, response.status, error.code,
      Number(response.headers.get("Retry-After")) || 0);
  }
  return answer;
}

// ---- Sign-in, with the forced password change of a first sign-in (NEW_PASSWORD_REQUIRED).

let challenge = null;

function showSignIn() {
  $("logs").hidden = true; $("admin").hidden = true; $("detail").hidden = true; $("nav").hidden = true;
  $("sign-out").hidden = true; $("who").textContent = "";
  for (const secret of document.querySelectorAll(".secret")) { secret.hidden = true; secret.replaceChildren(); }
  $("sign-in").hidden = false; $("sign-in-form").hidden = false; $("new-password-form").hidden = true;
  $("username").focus();
}

function signInFailed(error) {
  let message = error.message;
  if (error.code === "TooManyRequestsException" && error.retryAfter) {
    const at = new Date(Date.now() + error.retryAfter * 1000).toLocaleTimeString();
    message += `\nTry again in ${error.retryAfter} s (at ${at}).`;
  }
  $("sign-in-error").textContent = message;
}

$("sign-in-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("sign-in-error").textContent = "";
  const username = $("username").value;
  try {
    const answer = await cognito("InitiateAuth", {
      AuthFlow: "USER_PASSWORD_AUTH", ClientId: appClient.client_id,
      AuthParameters: { USERNAME: username, PASSWORD: $("password").value },
    });
    $("password").value = "";
    if (answer.ChallengeName === "NEW_PASSWORD_REQUIRED") {
      challenge = { session: answer.Session, username };
      $("sign-in-form").hidden = true; $("new-password-form").hidden = false;
      $("new-password").focus();
      return;
    }
    signedIn(answer.AuthenticationResult);
  } catch (error) { signInFailed(error); }
});

$("new-password-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("sign-in-error").textContent = "";
  if ($("new-password").value !== $("repeat-password").value) {
    $("sign-in-error").textContent = "The two passwords differ.";
    return;
  }
  try {
    const answer = await cognito("RespondToAuthChallenge", {
      ChallengeName: "NEW_PASSWORD_REQUIRED", ClientId: appClient.client_id, Session: challenge.session,
      ChallengeResponses: { USERNAME: challenge.username, NEW_PASSWORD: $("new-password").value },
    });
    $("new-password").value = ""; $("repeat-password").value = "";
    signedIn(answer.AuthenticationResult);
  } catch (error) { signInFailed(error); }
});

function showPolicy(policy) {
  const rules = [`at least ${policy.minimum_length} characters`];
  if (policy.require_uppercase) rules.push("an uppercase letter");
  if (policy.require_lowercase) rules.push("a lowercase letter");
  if (policy.require_numbers) rules.push("a digit");
  if (policy.require_symbols) rules.push("a symbol, such as ! or %");
  $("policy").replaceChildren(...rules.map((rule) => element("li", {}, rule)));
}

$("sign-out").addEventListener("click", () => signOut(true));

// ---- The view: query, time range and severity, kept in the URL's fragment so a link reproduces it.

let shownHash = null;

function readView() {
  shownHash = location.hash;
  const parameters = new URLSearchParams(location.hash.slice(1));
  const range = parameters.get("range") || "1h";
  $("query").value = parameters.get("query") || "";
  $("range").value = range in RANGES || range === "custom" ? range : "1h";
  $("since").value = localInput(parameters.get("since"));
  $("until").value = localInput(parameters.get("until"));
  $("severity").value = SEVERITIES.includes(parameters.get("severity")) ? parameters.get("severity") : "";
  showCustom();
}

function writeView() {
  const parameters = new URLSearchParams();
  if ($("query").value.trim()) parameters.set("query", $("query").value.trim());
  parameters.set("range", $("range").value);
  if ($("range").value === "custom") {
    if ($("since").value) parameters.set("since", isoInput($("since").value));
    if ($("until").value) parameters.set("until", isoInput($("until").value));
  }
  if ($("severity").value) parameters.set("severity", $("severity").value);
  const hash = `#${parameters}`;
  if (location.hash !== hash) history.pushState(null, "", hash);
  shownHash = location.hash;
}

// datetime-local inputs hold UTC wall-clock times here: "2026-12-01T10:00:00.000". A link's time that is not one
// is left out rather than trusted.
function localInput(iso) {
  const time = new Date(iso ?? NaN);
  return Number.isNaN(time.getTime()) ? "" : time.toISOString().slice(0, 23);
}
function isoInput(value) { return new Date(`${value}Z`).toISOString(); }

function showCustom() {
  for (const field of document.querySelectorAll(".field.custom")) field.hidden = $("range").value !== "custom";
}

/** The time range of a search, fixed when it starts so that its pages and its histogram agree. */
function timeRange() {
  if ($("range").value === "custom") {
    return { since: $("since").value ? isoInput($("since").value) : null, until: $("until").value ? isoInput($("until").value) : null };
  }
  const now = Date.now();
  return { since: new Date(now - RANGES[$("range").value]).toISOString(), until: new Date(now + 1).toISOString() };
}

// ---- Search: pages newest first, loaded by cursor as the list scrolls.

const search = { controller: null, body: null, cursor: null, loading: null, done: false, count: 0 };

function runSearch() {
  search.controller?.abort();
  search.controller = new AbortController();
  $("query-error").textContent = "";
  list.show([]);
  $("table").hidden = true;
  $("new-entries").hidden = true;
  tail.unseen = 0;
  const { since, until } = timeRange();
  const query = $("query").value.trim();
  search.body = { query, limit: PAGE };
  if (since) search.body.since = since;
  if (until) search.body.until = until;
  if ($("severity").value) search.body.severity = $("severity").value;
  search.cursor = null; search.count = 0; search.done = false;
  loadPage();
  drawHistogram(query, since, until, search.controller.signal);
  if ($("live").checked) startTail();
}

async function loadPage() {
  // One page at a time per search; a new search (a new signal) need not wait for the last one's page.
  const signal = search.controller?.signal;
  if (!signal || search.loading === signal || search.done) return;
  search.loading = signal;
  $("status").textContent = search.count ? `${search.count} entries, loading more…` : "Searching…";
  try {
    const answer = await apiJSON("/logs/query", search.cursor ? { ...search.body, cursor: search.cursor } : search.body, signal);
    if (signal.aborted) return;
    if (answer.columns) {
      showTable(answer);
      search.done = true;
    } else {
      list.append(answer.logs);
      // For Benchmarks/console: when a search first shows entries.
      if (!search.count && answer.logs.length) performance.mark("logsvc:first-results");
      search.count += answer.logs.length;
      search.cursor = answer.nextCursor;
      search.done = !answer.nextCursor;
    }
    $("status").textContent = search.done
      ? `${search.count || "No"} ${search.count === 1 ? "entry" : "entries"}${answer.columns ? "" : ", newest first"}.`
      : `${search.count} entries, newest first; scroll for older ones.`;
  } catch (error) {
    if (error.name === "AbortError") return;
    $("status").textContent = "";
    $("query-error").textContent = error.message;
  } finally {
    if (search.loading === signal) search.loading = null;
  }
  // A short page leaves the sentinel on screen: keep loading until it scrolls away.
  if (!search.done && !signal.aborted && isVisible($("more"))) loadPage();
}

function isVisible(node) { return node.getBoundingClientRect().top < innerHeight + 800; }

new IntersectionObserver((seen) => { if (seen.some((item) => item.isIntersecting) && session.tokens) loadPage(); },
  { rootMargin: "800px" }).observe($("more"));

function element(tag, properties = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(properties)) {
    if (key === "class") node.className = value;
    else if (key === "data") Object.assign(node.dataset, value);
    else node.setAttribute(key, value);
  }
  node.append(...children.map((child) => typeof child === "string" ? document.createTextNode(child) : child));
  return node;
}

function severityBadge(severity) {
  return element("span", { class: `sev sev-${SEVERITIES.includes(severity) ? severity : "info"}` }, severity.toUpperCase());
}

/**
 * The results, drawn as a virtual list: every entry loaded is kept, but only the rows on screen (and a few
 * beyond) are in the page, each at its place in a box as tall as all of them, so 10,000 loaded rows scroll as
 * smoothly as 100. Rows have one height (measured from a drawn row: it changes with the window's width).
 */
const list = {
  entries: [],
  rowHeight: 26,
  drawn: "",
  show(entries) { this.entries = entries; this.redraw(); },
  append(entries) { this.entries.push(...entries); this.redraw(); },
  prepend(entry) { this.entries.unshift(entry); this.redraw(); },
  redraw() { this.drawn = ""; this.draw(); },
  draw() {
    const box = $("results");
    box.style.height = `${this.entries.length * this.rowHeight}px`;
    box.dataset.count = String(this.entries.length);
    const top = box.getBoundingClientRect().top;
    const first = Math.max(0, Math.floor(-top / this.rowHeight) - 20);
    const last = Math.min(this.entries.length, Math.ceil((innerHeight - top) / this.rowHeight) + 20);
    const key = `${first}:${last}:${this.entries.length}`;
    if (key === this.drawn) return;
    this.drawn = key;
    const focused = document.activeElement?.closest?.("#results .row")?.entry;
    box.replaceChildren(...this.entries.slice(first, last).map((entry, offset) => {
      const node = row(entry);
      node.style.top = `${(first + offset) * this.rowHeight}px`;
      node.setAttribute("aria-posinset", String(first + offset + 1));
      node.setAttribute("aria-setsize", String(this.entries.length));
      return node;
    }));
    const drawnRow = box.firstElementChild;
    if (drawnRow && drawnRow.offsetHeight && drawnRow.offsetHeight !== this.rowHeight) {
      this.rowHeight = drawnRow.offsetHeight;
      this.redraw();
      return;
    }
    if (focused) [...box.children].find((node) => node.entry === focused)?.focus({ preventScroll: true });
  },
};
let drawPending = false;
const drawSoon = () => {
  if (drawPending) return;
  drawPending = true;
  requestAnimationFrame(() => { drawPending = false; list.draw(); });
};
addEventListener("scroll", drawSoon, { passive: true });
addEventListener("resize", () => { list.redraw(); });

function row(entry) {
  const attributes = Object.entries(entry.attributes || {}).slice(0, 4).map(([k, v]) => `${k}=${short(v)}`).join(" ");
  const node = element("div", { class: "row", role: "listitem", tabindex: "0" },
    element("span", { class: "time" }, entry.timestamp.replace("T", " ").replace("Z", "")),
    severityBadge(entry.severity),
    element("span", { class: "message" }, firstLine(entry.message || ""), element("span", { class: "attrs" }, attributes)));
  node.entry = entry;
  return node;
}

function firstLine(text) { const end = text.indexOf("\n"); return end < 0 ? text : `${text.slice(0, end)} …`; }
function short(value) { const text = typeof value === "string" ? value : JSON.stringify(value); return text.length > 40 ? `${text.slice(0, 40)}…` : text; }

function showTable(answer) {
  const table = $("table");
  table.tHead.replaceChildren(element("tr", {}, ...answer.columns.map((name) => element("th", { scope: "col" }, name))));
  table.tBodies[0].replaceChildren(...answer.rows.map((cells) =>
    element("tr", {}, ...cells.map((cell) => element("td", {}, cell === null ? "" : typeof cell === "object" ? JSON.stringify(cell) : String(cell))))));
  table.hidden = false;
  search.count = answer.rows.length;
}

$("results").addEventListener("click", (event) => {
  const node = event.target.closest(".row");
  if (node) openDetail(node.entry);
});
$("results").addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || !event.target.classList.contains("row")) return;
  // Else the same Enter would press the detail's Close button, which takes the focus.
  event.preventDefault();
  openDetail(event.target.entry);
});

// ---- Detail: every field of an entry; a click on a value adds it to the query.

/** How the query language names an entry's field, and how it writes a value (docs/query-language.md). */
function quoted(text) { return `"${text.replace(/\\/g, "\\\\").replace(/"/g, "\\\"")}"`; }
function fieldName(prefix, key) { return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key) ? `${prefix}${key}` : quoted(key); }
function literal(value) {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return quoted(value);
  return null;
}

function openDetail(entry) {
  const rows = [];
  const add = (label, value, field) => {
    const text = typeof value === "string" ? value : JSON.stringify(value, null, 1);
    const term = field && literal(value);
    const shown = term
      ? element("button", { type: "button", class: "filter", data: { filter: `${field} = ${term}` }, title: `Add ${field} = … to the query` }, text)
      : text;
    rows.push(element("dt", {}, label), element("dd", {}, shown));
  };
  add("id", entry.id, "id");
  add("timestamp", entry.timestamp);
  add("severity", entry.severity, "severity");
  add("message", entry.message ?? "");
  for (const [key, value] of Object.entries(entry.attributes || {})) add(`attributes.${key}`, value, fieldName("attributes.", key));
  for (const [key, value] of Object.entries(entry.resource || {})) add(`resource.${key}`, value, fieldName("resource.", key));
  if (entry.traceId) add("trace_id", entry.traceId, "trace_id");
  if (entry.spanId) add("span_id", entry.spanId, "span_id");
  if (entry.eventName) add("event_name", entry.eventName, "event_name");
  if (entry.scope?.name) add("scope.name", entry.scope.name, "scope.name");
  for (const key of ["severityText", "severityNumber", "flags", "timeUnixNano", "observedTimeUnixNano"]) {
    if (entry[key] !== undefined) add(key, entry[key]);
  }
  $("detail-fields").replaceChildren(...rows);
  $("detail-json").textContent = JSON.stringify(entry, null, 2);
  $("detail").hidden = false;
  $("detail-close").focus();
}

/**
 * `query` narrowed by `term`: joined by `and` to the filter, before any pipes; a filter with `or` is put in
 * parentheses first, since `and` binds tighter.
 */
function withFilter(query, term) {
  const pipe = query.indexOf("|");
  const filter = (pipe < 0 ? query : query.slice(0, pipe)).trim();
  const pipes = pipe < 0 ? "" : ` ${query.slice(pipe)}`;
  if (!filter) return `${term}${pipes}`;
  return `${/\bor\b/i.test(filter) ? `(${filter})` : filter} and ${term}${pipes}`;
}

function closeDetail() { $("detail").hidden = true; }
$("detail-close").addEventListener("click", closeDetail);
$("detail-fields").addEventListener("click", (event) => {
  const button = event.target.closest("button.filter");
  if (!button) return;
  $("query").value = withFilter($("query").value.trim(), button.dataset.filter);
  closeDetail();
  writeView();
  runSearch();
});

// ---- Histogram: entries per time bucket, stacked by severity; dragging over it narrows the range.

const histogram = { since: 0, until: 0 };

async function drawHistogram(query, since, until, signal) {
  const svg = $("histogram");
  svg.replaceChildren();
  $("histogram-caption").textContent = "";
  if (query.includes("|")) { $("histogram-figure").hidden = true; return; }
  $("histogram-figure").hidden = false;
  const end = until ? Date.parse(until) : Date.now();
  const start = since ? Date.parse(since) : end - 864e5;
  const [bin, size] = BINS.find(([, ms]) => (end - start) / ms <= 60) || BINS[BINS.length - 1];
  const body = { query: `${query} | stats count() by bin(${bin}), severity`, since: new Date(start).toISOString(), until: new Date(end).toISOString() };
  if ($("severity").value) body.severity = $("severity").value;
  const counts = new Map();
  let total = 0;
  try {
    // A stats answer past its budget carries a cursor; the counts of the answers add up.
    for (let cursor = null, calls = 0; calls < 20; calls++) {
      const answer = await apiJSON("/logs/query", cursor ? { ...body, cursor } : body, signal);
      for (const [bucket, severity, count] of answer.rows) {
        const at = Date.parse(bucket);
        const bar = counts.get(at) || {};
        bar[severity] = (bar[severity] || 0) + count;
        counts.set(at, bar);
        total += count;
      }
      cursor = answer.nextCursor;
      if (!cursor) break;
    }
  } catch (error) {
    if (error.name !== "AbortError") $("histogram-caption").textContent = `No histogram: ${error.message}`;
    return;
  }
  if (signal.aborted) return;
  const first = Math.floor(start / size) * size;
  const bars = Math.max(1, Math.ceil((end - first) / size));
  const highest = Math.max(1, ...[...counts.values()].map((bar) => Object.values(bar).reduce((a, b) => a + b, 0)));
  const width = 1000, height = 100, step = width / bars;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  for (const [at, bar] of counts) {
    const x = ((at - first) / size) * step;
    let y = height;
    const group = svgElement("g", {});
    const parts = [];
    for (const severity of SEVERITIES) {
      if (!bar[severity]) continue;
      const h = (bar[severity] / highest) * (height - 4);
      y -= h;
      group.append(svgElement("rect", { class: `sev-${severity}`, x: x + step * 0.1, y, width: step * 0.8, height: h }));
      parts.push(`${bar[severity]} ${severity}`);
    }
    const sum = Object.values(bar).reduce((a, b) => a + b, 0);
    group.append(svgElement("title", {}, `${new Date(at).toISOString()}: ${sum} (${parts.join(", ")})`));
    group.dataset.count = String(sum);
    svg.append(group);
  }
  Object.assign(histogram, { since: first, until: first + bars * size, width });
  $("histogram-caption").textContent =
    `${total} ${total === 1 ? "entry" : "entries"} from ${new Date(start).toISOString()} to ${new Date(end).toISOString()}, per ${bin}. Drag across the bars to narrow the range.`;
  $("histogram-caption").dataset.total = String(total);
}

function svgElement(tag, attributes, text) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text) node.textContent = text;
  return node;
}

$("legend").replaceChildren(...SEVERITIES.map((severity) => element("li", {}, severityBadge(severity))));

let drag = null;
$("histogram").addEventListener("pointerdown", (event) => {
  if (!histogram.until) return;
  const box = $("histogram").getBoundingClientRect();
  drag = { box, from: event.clientX, shade: svgElement("rect", { class: "selection", y: 0, height: 100, width: 0 }) };
  $("histogram").append(drag.shade);
  $("histogram").setPointerCapture(event.pointerId);
});
$("histogram").addEventListener("pointermove", (event) => {
  if (!drag) return;
  const [left, right] = [drag.from, event.clientX].sort((a, b) => a - b);
  const scale = histogram.width / drag.box.width;
  drag.shade.setAttribute("x", (left - drag.box.left) * scale);
  drag.shade.setAttribute("width", (right - left) * scale);
});
$("histogram").addEventListener("pointerup", (event) => {
  if (!drag) return;
  const { box, from } = drag;
  drag.shade.remove();
  drag = null;
  if (Math.abs(event.clientX - from) < 4) return;
  const at = (x) => histogram.since + ((Math.min(Math.max(x, box.left), box.right) - box.left) / box.width) * (histogram.until - histogram.since);
  const [since, until] = [at(from), at(event.clientX)].sort((a, b) => a - b);
  $("range").value = "custom";
  $("since").value = new Date(since).toISOString().slice(0, 23);
  $("until").value = new Date(until).toISOString().slice(0, 23);
  showCustom();
  writeView();
  runSearch();
});

// ---- Live tail: Server-Sent Events read with fetch, since EventSource cannot send an Authorization header.

// `seen`: the ids shown lately (at most 20,000), so an entry that both the stream and a catch-up read bring shows
// once; `newest`: the time of the newest entry shown, where a catch-up read starts; `held`: entries that arrived
// while paused (at most 10,000; beyond, the oldest are dropped and counted).
const tail = { controller: null, unseen: 0, retry: 1000, seen: new Set(), newest: null, paused: false, held: [], dropped: 0 };

function startTail() {
  stopTail();
  const query = $("query").value.trim();
  if (query.includes("|")) { $("query-error").textContent = "Live tail follows filters only: remove the pipes."; return; }
  Object.assign(tail, { controller: new AbortController(), seen: new Set(), newest: null, paused: false, held: [], dropped: 0 });
  showPause();
  $("pause").hidden = false;
  followTail(query, $("severity").value, tail.controller.signal);
}

/** Ends the stream; what a pause held goes with it (it matched the filters of a search no longer shown). */
function stopTail() {
  tail.controller?.abort();
  Object.assign(tail, { controller: null, paused: false, held: [], dropped: 0 });
  $("pause").hidden = true;
  showPause();
}

function showPause() {
  const held = tail.held.length + tail.dropped;
  $("pause").textContent = tail.paused ? `Resume (${held} new${tail.dropped ? `, ${tail.dropped} not kept` : ""})` : "Pause";
  $("pause").setAttribute("aria-pressed", String(tail.paused));
}

function resumeTail() {
  tail.paused = false;
  const held = tail.held;
  tail.held = [];
  tail.dropped = 0;
  for (const entry of held) show(entry);
  showPause();
}

$("pause").addEventListener("click", () => {
  if (tail.paused) { resumeTail(); return; }
  tail.paused = true;
  showPause();
});

/**
 * After a reconnection, what was committed while the stream was down: the entries from the newest one shown on
 * (`since` includes it; `seen` drops it and any the stream brings too), oldest first.
 */
async function catchUp(query, severity, signal) {
  if (!tail.newest) return;
  const body = { query, since: tail.newest, limit: 1000 };
  if (severity) body.severity = severity;
  const answer = await apiJSON("/logs/query", body, signal);
  for (const entry of answer.logs.reverse()) showLive(entry);
}

async function followTail(query, severity, signal) {
  const parameters = new URLSearchParams();
  if (query) parameters.set("query", query);
  if (severity) parameters.set("severity", severity);
  while (!signal.aborted) {
    try {
      const response = await api(`/logs/tail?${parameters}`, { signal, headers: { Accept: "text/event-stream" } });
      if (!response.ok) {
        const answer = await response.json().catch(() => ({}));
        throw new APIError(answer.error?.message || `HTTP ${response.status}`, response.status);
      }
      $("status").dataset.live = "on";
      tail.retry = 1000;
      await catchUp(query, severity, signal);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const event = parseEvent(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (event.type === "entry") showLive(JSON.parse(event.data));
          if (event.type === "dropped" && JSON.parse(event.data).reason === "unauthenticated") await refresh();
        }
      }
    } catch (error) {
      if (signal.aborted) return;
      if (error.status === 400) { $("query-error").textContent = error.message; return; }
    }
    delete $("status").dataset.live;
    // Reconnect with backoff: 1 s, doubling to 30 s.
    await new Promise((resume) => setTimeout(resume, tail.retry));
    tail.retry = Math.min(tail.retry * 2, 30_000);
  }
}

function parseEvent(text) {
  const event = { type: "message", data: "" };
  for (const line of text.split("\n")) {
    if (line.startsWith("event:")) event.type = line.slice(6).trim();
    else if (line.startsWith("data:")) event.data += line.slice(5).trimStart();
  }
  return event;
}

function showLive(entry) {
  if (tail.seen.has(entry.id)) return;
  tail.seen.add(entry.id);
  if (tail.seen.size > 20_000) tail.seen.delete(tail.seen.values().next().value);
  if (!tail.newest || entry.timestamp > tail.newest) tail.newest = entry.timestamp;
  if (!tail.paused) { show(entry); return; }
  tail.held.push(entry);
  if (tail.held.length > 10_000) { tail.held.shift(); tail.dropped += 1; }
  showPause();
}

/** Puts a new entry at the top; a reader scrolled down keeps the rows it reads where they are. */
function show(entry) {
  list.prepend(entry);
  search.count += 1;
  if (scrollY > 40) {
    scrollBy(0, list.rowHeight);
    tail.unseen += 1;
    $("new-entries").textContent = `${tail.unseen} new ${tail.unseen === 1 ? "entry" : "entries"}: show`;
    $("new-entries").hidden = false;
  }
}

$("new-entries").addEventListener("click", () => {
  tail.unseen = 0;
  $("new-entries").hidden = true;
  scrollTo({ top: 0 });
});
addEventListener("scroll", () => {
  if (scrollY <= 40 && tail.unseen) { tail.unseen = 0; $("new-entries").hidden = true; }
}, { passive: true });

$("live").addEventListener("change", () => { if ($("live").checked) startTail(); else stopTail(); });

// ---- Administration (the admin role): the tenant's users and API keys, through /admin/users and /admin/api-keys.

function isAdministrator() {
  const groups = claims(session.tokens.id)["cognito:groups"] || [];
  return groups.includes("admin");
}

function showView(name) {
  const admin = name === "admin";
  $("logs").hidden = admin;
  $("admin").hidden = !admin;
  $("nav-logs").toggleAttribute("aria-current", !admin);
  $("nav-admin").toggleAttribute("aria-current", admin);
  if (admin) { closeDetail(); loadAdministration(); }
}
$("nav-logs").addEventListener("click", () => showView("logs"));
$("nav-admin").addEventListener("click", () => showView("admin"));

async function adminCall(method, path, body) {
  const options = { method, headers: {} };
  if (body !== undefined) { options.headers["Content-Type"] = "application/json"; options.body = JSON.stringify(body); }
  const response = await api(path, options);
  if (response.status === 204) return null;
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new APIError(answer.error?.message || `HTTP ${response.status}`, response.status, answer.error?.code);
  return answer;
}

/** Runs an administrative step, showing its error instead of throwing it. */
async function administer(step) {
  $("admin-error").textContent = "";
  try { await step(); } catch (error) { $("admin-error").textContent = error.message; }
}

function loadAdministration() {
  return administer(async () => {
    const [{ users }, { api_keys: keys }] = await Promise.all([adminCall("GET", "/admin/users"), adminCall("GET", "/admin/api-keys")]);
    $("users").tBodies[0].replaceChildren(...users.map(userRow));
    $("keys").tBodies[0].replaceChildren(...keys.map(keyRow));
  });
}

function actionButton(label, action, data) {
  return element("button", { type: "button", data: { action, ...data } }, label);
}

function userRow(user) {
  const path = `/admin/users/${encodeURIComponent(user.username)}`;
  return element("tr", { data: { username: user.username } },
    element("td", {}, user.username), element("td", {}, user.groups.join(", ") || "(default)"),
    element("td", {}, user.status), element("td", {}, user.enabled ? "yes" : "no"),
    element("td", {}, user.created_at.slice(0, 19).replace("T", " ")),
    element("td", {},
      ...(user.username === claims(session.tokens.id)["cognito:username"] ? [] // an administrator cannot disable itself
        : [user.enabled ? actionButton("Disable", "disable", { path }) : actionButton("Enable", "enable", { path })]),
      actionButton("Reset password", "reset-password", { path })));
}

function keyRow(key) {
  const when = (time) => time ? time.slice(0, 19).replace("T", " ") : "never";
  return element("tr", { data: { key: key.id } },
    element("td", {}, key.id), element("td", {}, key.name), element("td", {}, key.role),
    element("td", {}, when(key.created_at)), element("td", {}, when(key.last_used_at)), element("td", {}, when(key.expires_at)),
    element("td", {}, actionButton("Revoke", "revoke", { path: `/admin/api-keys/${encodeURIComponent(key.id)}`, name: key.name || key.id })));
}

/** Shows a secret this once, with what it is for. */
function showSecret(node, text, secret) {
  node.replaceChildren(text, element("code", {}, secret), " Copy it now: it is not shown again.");
  node.hidden = false;
}

$("users").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  administer(async () => {
    const user = await adminCall("POST", `${button.dataset.path}/${button.dataset.action}`);
    if (user.temporary_password) showSecret($("user-secret"), `Temporary password of ${user.username}: `, user.temporary_password);
    await loadAdministration();
  });
});

$("keys").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action=revoke]");
  if (!button || !confirm(`Revoke the API key ${button.dataset.name}? Programs using it stop at once.`)) return;
  administer(async () => {
    await adminCall("DELETE", button.dataset.path);
    $("key-secret").hidden = true;
    await loadAdministration();
  });
});

$("user-form").addEventListener("submit", (event) => {
  event.preventDefault();
  administer(async () => {
    const role = $("new-user-role").value;
    const user = await adminCall("POST", "/admin/users", { username: $("new-username").value, ...(role ? { groups: [role] } : {}) });
    $("new-username").value = "";
    showSecret($("user-secret"), `${user.username} signs in with the temporary password `, user.temporary_password);
    await loadAdministration();
  });
});

$("key-form").addEventListener("submit", (event) => {
  event.preventDefault();
  administer(async () => {
    const body = { role: $("key-role").value };
    if ($("key-name").value) body.name = $("key-name").value;
    if ($("key-lifetime").value) body.expires_in_seconds = Number($("key-lifetime").value);
    const key = await adminCall("POST", "/admin/api-keys", body);
    $("key-name").value = "";
    showSecret($("key-secret"), `The new ${key.role} key: `, key.key);
    await loadAdministration();
  });
});

// ---- Wiring: the form, the keyboard, the URL.

$("search").addEventListener("submit", (event) => { event.preventDefault(); writeView(); runSearch(); });
$("range").addEventListener("change", () => {
  if ($("range").value === "custom" && !$("since").value) {
    const { since, until } = { since: new Date(Date.now() - 36e5).toISOString(), until: new Date().toISOString() };
    $("since").value = since.slice(0, 23); $("until").value = until.slice(0, 23);
  }
  showCustom();
});
// Back, forward, or a link to another view of this page: show the view the URL names.
const followURL = () => { if (session.tokens && location.hash !== shownHash) { readView(); runSearch(); } };
addEventListener("popstate", followURL);
addEventListener("hashchange", followURL);
addEventListener("keydown", (event) => {
  const typing = ["INPUT", "SELECT", "TEXTAREA"].includes(document.activeElement?.tagName);
  if (event.key === "/" && !typing && !$("logs").hidden) { event.preventDefault(); $("query").focus(); $("query").select(); }
  if (event.key === "Escape" && !$("detail").hidden) closeDetail();
});

function showApp() {
  const tokens = session.tokens;
  $("sign-in").hidden = true;
  $("sign-out").hidden = false;
  $("nav").hidden = false;
  $("nav-admin").hidden = !isAdministrator();
  showView("logs");
  const who = claims(tokens.id);
  $("who").textContent = `${who["cognito:username"] || who.sub} · ${who["custom:tenant"] || ""}`;
  readView();
  runSearch();
}

async function start() {
  try {
    const response = await fetch("/console/config.json");
    appClient = await response.json();
    if (!response.ok) throw new Error(appClient.error?.message || `HTTP ${response.status}`);
    showPolicy(appClient.password_policy);
  } catch (error) {
    $("sign-in").hidden = false;
    $("sign-in-error").textContent = `The console cannot sign in here: ${error.message}`;
    return;
  }
  if (session.tokens && claims(session.tokens.id).exp * 1000 > Date.now()) {
    scheduleRefresh();
    showApp();
  } else if (session.tokens) {
    refresh().then(showApp, () => signOut(false));
  } else {
    showSignIn();
  }
}

start();
