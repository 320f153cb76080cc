"""The web console over a large store, in headless Chromium (see Benchmarks/console).

Figures, each next to its baseline from the same run:
- what the console transfers (its page, script, style and settings, uncompressed), against the 150 KB target;
- the time from a page load to the first results shown (the console's `logsvc:first-results` mark, since the
  navigation started), next to the API's own time for the same first page;
- 10,000 rows loaded by scrolling, then frames per second while scrolling through them, next to the same
  scrolling over a blank page as tall (the browser's ceiling here).
"""
import argparse, json, os, statistics, time, urllib.request
from harness import Server, fill, log, machine, table, write_section
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

parser = argparse.ArgumentParser()
parser.add_argument("--binary", required=True)
parser.add_argument("--entries", type=int, default=1_000_000)
parser.add_argument("--runs", type=int, default=20)
parser.add_argument("--output", default="docs/benchmarks.md")
args = parser.parse_args()
PASSWORD = "Benchmark-console-1"


def cognito(server, operation, body):
    request = urllib.request.Request(server.url("/"), data=json.dumps(body).encode(), method="POST", headers={
        "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": f"AWSCognitoIdentityProviderService.{operation}"})
    return json.load(urllib.request.urlopen(request, timeout=10))


def first_page_ms(server):
    """The API's own time for the page the console asks first: the last hour, 200 entries."""
    since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 3600))
    body = json.dumps({"query": "", "limit": 200, "since": since}).encode()
    started = time.perf_counter()
    request = urllib.request.Request(server.url("/logs/query"), data=body, method="POST", headers=server.json_headers())
    answer = json.load(urllib.request.urlopen(request, timeout=30))
    assert len(answer["logs"]) == 200, answer
    return (time.perf_counter() - started) * 1000


SCROLL = """
const done = arguments[arguments.length - 1];
scrollTo(0, 0);
const frames = [];
let last = performance.now();
const end = last + 3000;
function frame(now) {
  frames.push(now - last); last = now;
  scrollBy(0, 120);
  if (now < end) requestAnimationFrame(frame); else done(frames);
}
requestAnimationFrame(frame);
"""


def loaded(browser):
    """The entries the console's list holds (it draws only the rows on screen)."""
    return int(browser.find_element(By.ID, "results").get_attribute("data-count") or 0)


def scrolling(browser):
    """(frames per second, frames over 50 ms) while scrolling 120 px a frame for 3 s."""
    frames = browser.execute_async_script(SCROLL)[1:]
    return len(frames) / (sum(frames) / 1000), sum(1 for frame in frames if frame > 50)


server = Server(args.binary)
log(f"filling {args.entries:,} entries")
fill(server, args.entries)
credentials = json.load(open(os.path.join(server.data_dir, "initial-credentials.json")))
challenge = cognito(server, "InitiateAuth", {"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": credentials["client_id"],
                    "AuthParameters": {"USERNAME": "admin", "PASSWORD": credentials["temporary_password"]}})
cognito(server, "RespondToAuthChallenge", {"ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": credentials["client_id"],
        "Session": challenge["Session"], "ChallengeResponses": {"USERNAME": "admin", "NEW_PASSWORD": PASSWORD}})

options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for argument in ["--headless=new", "--no-sandbox", "--window-size=1280,800", "--disable-dev-shm-usage"]:
    options.add_argument(argument)
browser = webdriver.Chrome(options=options, service=webdriver.ChromeService("/usr/bin/chromedriver"))
wait = WebDriverWait(browser, 60, poll_frequency=0.01)
chromium = browser.capabilities.get("browserVersion", "")
try:
    browser.get(server.url("/console"))
    wait.until(lambda b: b.find_element(By.ID, "username").is_displayed())
    browser.find_element(By.ID, "username").send_keys("admin")
    browser.find_element(By.ID, "password").send_keys(PASSWORD, Keys.ENTER)
    wait.until(lambda b: loaded(b) >= 100)

    assets = browser.execute_script(
        "return [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]"
        ".filter(entry => new URL(entry.name).pathname.startsWith('/console')).map(entry => [entry.name, entry.decodedBodySize])")
    transfer = sum(size for _, size in assets)

    log(f"{args.runs} page loads")
    shown, api = [], []
    for _ in range(args.runs):
        api.append(first_page_ms(server))
        browser.refresh()
        wait.until(lambda b: b.execute_script("return performance.getEntriesByName('logsvc:first-results').length"))
        shown.append(browser.execute_script("return performance.getEntriesByName('logsvc:first-results')[0].startTime"))
        wait.until(lambda b: b.find_element(By.ID, "status").text.endswith("scroll for older ones."))

    log("loading 10,000 rows")
    started = time.perf_counter()
    while loaded(browser) < 10_000:
        browser.execute_script("document.getElementById('more').scrollIntoView()")
        time.sleep(0.02)
    load_seconds = time.perf_counter() - started
    rows = loaded(browser)
    drawn = len(browser.find_elements(By.CSS_SELECTOR, "#results .row"))
    full_fps, full_long = scrolling(browser)
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.get("about:blank")
    browser.execute_script(f"document.body.style.height = '{height}px'")
    empty_fps, empty_long = scrolling(browser)
finally:
    browser.quit()
    server.stop()

median = statistics.median
rows_table = [
    ("console transfer: page, script, style, settings (uncompressed)", transfer / 1024, "KB", "", None, "", "< 150 KB"),
    (f"page load to the first results shown, median of {args.runs}", median(shown), "ms",
     "`POST /logs/query`, the same first page", median(api), f"{median(shown) / median(api):.1f}x", "< 500 ms"),
    (f"  the slowest of {args.runs}", max(shown), "ms", "", max(api), "", ""),
    (f"{rows:,} rows loaded by scrolling ({drawn} of them in the page)", load_seconds, "s", "", None, "", ""),
    ("scrolling through them: frames per second", full_fps, "fps", "the same scrolling, a blank page as tall", empty_fps,
     f"{full_fps / empty_fps:.0%}", "smooth"),
    ("  frames over 50 ms", full_long, "frames", "", empty_long, "", ""),
]
columns = ["figure", "value", "unit", "baseline", "baseline value", "ratio", "target"]
print(f"machine: {machine()}\n")
print(table(rows_table, columns))
print("\n".join(f"  {name}: {size:,} bytes" for name, size in assets))
write_section(args.output, "console",
              f"## The console over {args.entries:,} entries\n\n"
              f"Command: `Benchmarks/console --entries {args.entries}`, run {time.strftime('%Y-%m-%d')}; machine: {machine()}; "
              f"Chromium {chromium}.\n"
              "Headless Chromium at 1280 x 800, signed in, the default view (the last hour, newest first, 200 per page, "
              "and the histogram's `stats` query at the same time). The first-results time runs from the start of "
              "the page load (a reload, assets from the server each time) to the console's `logsvc:first-results` mark.\n\n"
              + table(rows_table, columns) + "\n")
