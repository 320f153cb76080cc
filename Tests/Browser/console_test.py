"""The web console in a real browser: headless Chromium (Debian's chromium and chromium-driver) driven by
Selenium, against the real binary on a loopback port. Run by scripts/console-test.

The tests run in order, as one user's session: the first sign-in with the forced password change, searches,
the histogram, the detail, hostile log content, the live tail, and signing out."""
import base64, json, os, shutil, subprocess, sys, tempfile, time, unittest, urllib.error, urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "scripts"))
import logsvc_process  # noqa: E402

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

BINARY = os.environ.get("LOGSVC_BINARY", ".build/release/logsvc")
NEW_PASSWORD = "Console-test-1"
TOKEN_SECONDS = 90
HOSTILE = ["<img src=x onerror=alert(1)>", "<script>document.title='pwned'</script>", "</div><b id=injected>bold</b>"]


def request(url, method="GET", body=None, headers=None):
    """(status, headers, parsed JSON or text) of one HTTP call."""
    data = json.dumps(body).encode() if body is not None else None
    call = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(call, timeout=10) as response:
            status, head, raw = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, head, raw = error.code, error.headers, error.read()
    try:
        return status, head, json.loads(raw)
    except ValueError:
        return status, head, raw.decode(errors="replace")


class Console(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data = tempfile.mkdtemp(prefix="logsvc-console-")
        cls.config = config = os.path.join(cls.data, "logsvc.yaml")
        with open(config, "w") as file:
            # A lockout after three failures, without the slowing down before it, so the test can reach it at once;
            # tokens of 90 s, which the page renews a minute before they expire, so within the test.
            file.write(f"auth:\n  token_lifetime_seconds: {TOKEN_SECONDS}\n"
                       "  lockout:\n    slow_after_failures: 100\n    lock_after_failures: 3\n")
        cls.server, port = logsvc_process.serve(BINARY, os.path.join(cls.data, "data"), os.path.join(cls.data, "serve.log"),
                                                config=config)
        cls.url = f"http://127.0.0.1:{port}"
        with open(os.path.join(cls.data, "data", "initial-credentials.json")) as file:
            cls.credentials = json.load(file)
        entries = [{"severity": "info", "message": f"order {n} placed", "attributes": {"service.name": "checkout", "order": n}}
                   for n in range(30)]
        entries += [{"severity": "error", "message": f"timeout talking to the index ({n})",
                     "attributes": {"service.name": "search", "http.status_code": 504}} for n in range(12)]
        entries += [{"severity": "warning", "message": text, "attributes": {"service.name": "hostile", "note": text}} for text in HOSTILE]
        cls.stored = len(entries)
        status, _, answer = cls.post_logs(entries)
        assert status == 201, answer
        status, _, answer = request(f"{cls.url}/admin/users", "POST", {"username": "mallory"},
                                 {"Authorization": cls.admin_token()})
        assert status == 201, answer
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ["--headless=new", "--no-sandbox", "--window-size=1280,800", "--disable-dev-shm-usage"]:
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        cls.browser = webdriver.Chrome(options=options, service=webdriver.ChromeService("/usr/bin/chromedriver"))
        # Lists are drawn anew after each change: an element found a moment ago may be gone; look again.
        cls.wait = WebDriverWait(cls.browser, 10, ignored_exceptions=[StaleElementReferenceException])

    @classmethod
    def tearDownClass(cls):
        cls.browser.quit()
        cls.server.kill()
        cls.server.wait()
        shutil.rmtree(cls.data, ignore_errors=True)

    @classmethod
    def admin_token(cls):
        """An ID token for the admin, minted now with the test's configuration (its tokens live TOKEN_SECONDS)."""
        return subprocess.run([BINARY, "token", "--data-dir", os.path.join(cls.data, "data"), "--config", cls.config,
                               "--username", "admin"], capture_output=True, text=True, check=True).stdout.strip()

    @classmethod
    def post_logs(cls, entries, token=None):
        """Stores entries as the admin, with a token minted now unless given: the test's tokens live TOKEN_SECONDS."""
        return request(f"{cls.url}/logs", "POST", entries, {"Authorization": token or cls.admin_token()})

    @classmethod
    def restart(cls):
        """Stops the server (SIGTERM) and starts it again on the same port and data dir."""
        cls.server.terminate()
        cls.server.wait()
        log = open(os.path.join(cls.data, "serve.log"), "a")
        cls.server = subprocess.Popen([BINARY, "serve", "--data-dir", os.path.join(cls.data, "data"), "--config", cls.config,
                                       "--port", cls.url.rsplit(":", 1)[1]], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while not cls.listening():
            assert time.monotonic() < deadline and cls.server.poll() is None, "logsvc did not start again"
            time.sleep(0.05)

    @classmethod
    def listening(cls):
        try:
            return request(cls.url + "/healthz")[0] == 200
        except OSError:
            return False

    def element(self, css):
        return self.browser.find_element(By.CSS_SELECTOR, css)

    def visible(self, css):
        return self.wait.until(lambda browser: browser.find_element(By.CSS_SELECTOR, css).is_displayed() and browser.find_element(By.CSS_SELECTOR, css))

    def rows(self):
        return self.browser.find_elements(By.CSS_SELECTOR, "#results .row")

    def loaded(self):
        """How many entries the list holds (it draws only the rows on screen)."""
        return int(self.element("#results").get_attribute("data-count") or 0)

    def drawn_messages(self):
        return self.browser.execute_script(
            "return [...document.querySelectorAll('#results .row .message')].map(node => node.firstChild.textContent)")

    def open_row(self, index):
        """Opens the detail of the index-th row drawn (rows are drawn anew as the list scrolls: find it again)."""
        self.wait.until(lambda browser: self.rows()[index].click() or True)
        self.visible("#detail")

    def search(self, query):
        box = self.element("#query")
        box.clear()
        box.send_keys(query, Keys.ENTER)
        self.wait.until(lambda browser: browser.find_element(By.ID, "status").text.endswith("."))

    def screenshot(self, name):
        """Writes the window's picture to $LOGSVC_SCREENSHOTS (docs/ keeps the README's)."""
        if os.environ.get("LOGSVC_SCREENSHOTS"):
            self.browser.save_screenshot(os.path.join(os.environ["LOGSVC_SCREENSHOTS"], name))

    def assert_no_script_ran(self):
        with self.assertRaises(NoAlertPresentException):
            self.browser.switch_to.alert.text
        self.assertEqual(self.browser.title, "logsvc console")
        injected = self.browser.execute_script(
            "return document.querySelectorAll('#results img, #results script, #results b, #detail img, #detail script, #detail b, #injected').length")
        self.assertEqual(injected, 0, "log content added elements to the page")

    def test_01_every_console_response_carries_the_security_headers(self):
        for path in ["/console", "/console/console.js", "/console/console.css", "/console/config.json", "/console/missing.js"]:
            status, head, _ = request(self.url + path)
            self.assertEqual(status, 404 if "missing" in path else 200, path)
            policy = head["Content-Security-Policy"]
            self.assertIn("script-src 'self'", policy, path)
            self.assertNotIn("unsafe-inline", policy, path)
            self.assertNotIn("unsafe-eval", policy, path)
            self.assertIn("frame-ancestors 'none'", policy, path)
            self.assertEqual(head["X-Content-Type-Options"], "nosniff", path)
            self.assertEqual(head["Referrer-Policy"], "no-referrer", path)
        _, _, config = request(self.url + "/console/config.json")
        self.assertEqual(config["client_id"], self.credentials["client_id"])

    def test_02_a_wrong_password_shows_cognitos_message(self):
        self.browser.get(self.url + "/console")
        self.visible("#username").send_keys(self.credentials["username"])
        self.element("#password").send_keys("not-the-password", Keys.ENTER)
        message = self.wait.until(lambda browser: browser.find_element(By.ID, "sign-in-error").text)
        self.assertIn("Incorrect username or password", message)

    def test_03_first_sign_in_forces_a_new_password_and_shows_the_policy(self):
        self.element("#password").clear()
        self.element("#password").send_keys(self.credentials["temporary_password"], Keys.ENTER)
        self.visible("#new-password-form")
        policy = self.element("#policy").text
        self.assertIn("at least 8 characters", policy)
        self.assertIn("a symbol", policy)
        self.screenshot("console-sign-in.png")
        self.element("#new-password").send_keys("short")
        self.element("#repeat-password").send_keys("short", Keys.ENTER)
        message = self.wait.until(lambda browser: browser.find_element(By.ID, "sign-in-error").text)
        self.assertIn("Password does not conform to policy", message)
        for field in ["#new-password", "#repeat-password"]:
            self.element(field).clear()
            self.element(field).send_keys(NEW_PASSWORD)
        self.element("#repeat-password").send_keys(Keys.ENTER)
        self.visible("#logs")
        self.wait.until(lambda browser: browser.find_element(By.ID, "status").text.endswith("."))
        self.assertIn(self.credentials["username"], self.element("#who").text)
        tokens = json.loads(self.browser.execute_script("return sessionStorage.getItem('logsvc.tokens')"))
        self.assertTrue(tokens["id"] and tokens["refresh"])
        self.assertEqual(self.browser.execute_script("return document.cookie"), "")
        self.assertNotIn(tokens["id"], self.browser.current_url)

    def test_04_the_newest_entries_show_first_and_the_histogram_counts_them_all(self):
        self.assertEqual(self.loaded(), self.stored)
        self.assertIn("</div><b id=injected>bold</b>", self.rows()[0].text, "newest first: the last entry posted")
        caption = self.wait.until(lambda browser: browser.find_element(By.ID, "histogram-caption").get_attribute("data-total"))
        self.assertEqual(int(caption), self.stored)
        bars = self.browser.execute_script(
            "return [...document.querySelectorAll('#histogram g')].reduce((sum, g) => sum + Number(g.dataset.count), 0)")
        self.assertEqual(bars, self.stored)
        drawn = self.browser.execute_script(
            "return [...document.querySelectorAll('#histogram rect')].filter(r => r.getBoundingClientRect().height > 0)"
            ".map(r => r.getAttribute('class'))")
        self.assertEqual(sorted(drawn), ["sev-error", "sev-info", "sev-warning"], "one bar, stacked by severity, drawn")

    def test_05_dragging_across_the_histogram_narrows_the_time_range(self):
        self.addCleanup(lambda: Select(self.element("#range")).select_by_value("1h"))
        svg = self.element("#histogram")
        # Over the last quarter, to the right end: about the last 15 minutes, which hold every entry (stored a
        # minute ago), in buckets of 30 s instead of 5 minutes.
        ActionChains(self.browser).move_to_element_with_offset(svg, int(svg.rect["width"] / 4), 0).click_and_hold() \
            .move_to_element_with_offset(svg, int(svg.rect["width"] / 2) - 1, 0).release().perform()
        self.wait.until(lambda browser: "range=custom" in browser.current_url)
        self.wait.until(lambda browser: browser.find_element(By.ID, "status").text.endswith("."))
        self.assertEqual(self.element("#range").get_attribute("value"), "custom")
        self.assertEqual(self.loaded(), self.stored, "the range still holds every entry")
        caption = self.wait.until(lambda browser: browser.find_element(By.ID, "histogram-caption").text)
        self.assertRegex(caption, r"per \d+s\.", "a range of minutes has buckets of seconds")

    def test_06_a_filter_narrows_the_results_and_the_url_reproduces_the_view(self):
        self.search('service.name = checkout and order >= 20')
        self.assertEqual(self.loaded(), 10)
        self.assertTrue(all("order" in row.text for row in self.rows()))
        self.assertEqual(self.element("#histogram-caption").get_attribute("data-total"), "10")
        link = self.browser.current_url
        self.assertIn("query=", link)
        self.browser.get(self.url + "/console")
        self.browser.get(link)
        self.wait.until(lambda browser: browser.find_element(By.ID, "query").get_attribute("value") == 'service.name = checkout and order >= 20')
        self.wait.until(lambda browser: self.loaded() == 10)

    def test_07_clicking_an_attribute_value_adds_it_as_a_filter(self):
        self.search("placed or timeout")
        self.assertEqual(self.loaded(), 42)
        self.open_row(0)
        self.assertIn("timeout talking to the index", self.element("#detail-json").text)
        button = next(b for b in self.browser.find_elements(By.CSS_SELECTOR, "#detail-fields button.filter") if b.text == "504")
        button.click()
        self.wait.until(lambda browser: not browser.find_element(By.ID, "detail").is_displayed())
        self.wait.until(lambda browser: browser.find_element(By.ID, "status").text.endswith("."))
        self.assertEqual(self.element("#query").get_attribute("value"), "(placed or timeout) and attributes.http.status_code = 504")
        self.assertEqual(self.loaded(), 12, "the value narrows the whole filter, not its last term")

    def test_08_hostile_messages_and_attributes_show_as_text_and_run_nothing(self):
        self.search('service.name = hostile')
        shown = [row.text for row in self.rows()]
        for text in HOSTILE:
            self.assertTrue(any(text in line for line in shown), f"{text} is shown as text")
        for index in range(len(HOSTILE)):
            self.open_row(index)
            self.assertIn(HOSTILE[-1 - index], self.element("#detail-fields").text)
            self.assertIn(json.dumps(HOSTILE[-1 - index])[1:-1], self.element("#detail-json").text)
            self.assert_no_script_ran()
            self.element("#detail-close").click()
        self.assert_no_script_ran()

    def test_09_the_keyboard_focuses_the_query_and_escape_closes_a_detail(self):
        self.element("body").send_keys(Keys.ESCAPE)
        self.browser.find_element(By.TAG_NAME, "body").send_keys("/")
        self.assertEqual(self.browser.switch_to.active_element.get_attribute("id"), "query")
        self.browser.execute_script("arguments[0].focus()", self.rows()[0])
        ActionChains(self.browser).send_keys(Keys.ENTER).perform()
        self.visible("#detail")
        ActionChains(self.browser).send_keys(Keys.ESCAPE).perform()
        self.wait.until(lambda browser: not browser.find_element(By.ID, "detail").is_displayed())

    def test_10_live_tail_shows_a_new_entry_within_two_seconds(self):
        self.search("")
        self.element("#live").click()
        self.wait.until(lambda browser: browser.find_element(By.ID, "status").get_attribute("data-live") == "on")
        token = self.admin_token()
        posted = time.monotonic()
        status, _, _ = self.post_logs([{"severity": "critical", "message": "the live one", "attributes": {"service.name": "tail"}}], token)
        self.assertEqual(status, 201)
        WebDriverWait(self.browser, 2, poll_frequency=0.05).until(lambda browser: "the live one" in self.rows()[0].text)
        print(f"\n  live tail: the entry showed {time.monotonic() - posted:.3f} s after it was posted", file=sys.stderr)

    def test_11_a_paused_tail_holds_new_entries_until_resumed(self):
        self.element("#pause").click()
        self.assertEqual(self.post_logs([{"severity": "info", "message": "while paused"}])[0], 201)
        self.wait.until(lambda browser: browser.find_element(By.ID, "pause").text == "Resume (1 new)")
        self.assertNotIn("while paused", self.drawn_messages())
        self.element("#pause").click()
        self.assertEqual(self.drawn_messages()[0], "while paused")
        self.assertEqual(self.element("#pause").text, "Pause")

    def test_12_the_tail_comes_back_after_a_restart_with_what_it_missed_once(self):
        self.restart()
        self.assertEqual(self.post_logs([{"severity": "error", "message": "after the restart"}])[0], 201)
        WebDriverWait(self.browser, 20, poll_frequency=0.1).until(lambda browser: "after the restart" in self.drawn_messages())
        time.sleep(1.5)
        self.assertEqual(self.drawn_messages().count("after the restart"), 1, "shown once, by the stream or the catch-up read")
        self.assertEqual(self.drawn_messages().count("while paused"), 1)
        self.element("#pause").click()
        self.assertEqual(self.post_logs([{"severity": "info", "message": "held, then another search"}])[0], 201)
        self.wait.until(lambda browser: browser.find_element(By.ID, "pause").text == "Resume (1 new)")
        self.search("service.name = checkout")
        self.assertNotIn("held, then another search", self.drawn_messages(), "what a pause held stays with its search")
        self.assertEqual(self.element("#pause").text, "Pause")
        self.element("#live").click()
        self.assertFalse(self.element("#pause").is_displayed())

    def cognito(self, operation, body):
        return request(f"{self.url}/", "POST", body, {"Content-Type": "application/x-amz-json-1.1",
                                                     "X-Amz-Target": f"AWSCognitoIdentityProviderService.{operation}"})

    def sign_in_answer(self, username, password):
        return self.cognito("InitiateAuth", {"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": self.credentials["client_id"],
                                             "AuthParameters": {"USERNAME": username, "PASSWORD": password}})[2]

    def test_13_an_administrator_creates_an_api_key_shown_once_and_revoking_it_stops_it(self):
        self.element("#nav-admin").click()
        self.visible("#keys")
        self.element("#key-name").send_keys("ci pipeline")
        self.element("#key-name").send_keys(Keys.ENTER)
        secret = self.visible("#key-secret code").text
        self.assertTrue(secret.startswith("lsk_"), secret)
        self.assertEqual(self.post_logs_with(secret), 201, "the new key stores at once")
        row = self.wait.until(lambda browser: next((r for r in browser.find_elements(By.CSS_SELECTOR, "#keys tbody tr")
                                                    if "ci pipeline" in r.text), None))
        row.find_element(By.CSS_SELECTOR, "button[data-action=revoke]").click()
        self.browser.switch_to.alert.accept()
        self.wait.until(lambda browser: "ci pipeline" not in browser.find_element(By.ID, "keys").text)
        self.assertFalse(self.element("#key-secret").is_displayed(), "the secret is not shown again")
        self.assertEqual(self.post_logs_with(secret), 401, "the revoked key stops working")

    def test_14_an_administrator_creates_disables_enables_and_resets_a_user(self):
        self.element("#new-username").send_keys("alice")
        Select(self.element("#new-user-role")).select_by_value("reader")
        self.element("#user-form button[type=submit]").click()
        password = self.visible("#user-secret code").text
        self.assertEqual(self.sign_in_answer("alice", password).get("ChallengeName"), "NEW_PASSWORD_REQUIRED")
        row = lambda: next(r for r in self.browser.find_elements(By.CSS_SELECTOR, "#users tbody tr") if r.get_attribute("data-username") == "alice")
        self.assertIn("reader", row().text)
        self.assertIn("FORCE_CHANGE_PASSWORD", row().text)
        row().find_element(By.CSS_SELECTOR, "button[data-action=disable]").click()
        self.wait.until(lambda browser: row().find_elements(By.CSS_SELECTOR, "button[data-action=enable]"))
        self.assertEqual(self.sign_in_answer("alice", password).get("__type"), "NotAuthorizedException")
        row().find_element(By.CSS_SELECTOR, "button[data-action=enable]").click()
        self.wait.until(lambda browser: row().find_elements(By.CSS_SELECTOR, "button[data-action=disable]"))
        row().find_element(By.CSS_SELECTOR, "button[data-action=reset-password]").click()
        reset = self.wait.until(lambda browser: (code := browser.find_element(By.CSS_SELECTOR, "#user-secret code").text) != password and code)
        self.assertEqual(self.sign_in_answer("alice", reset).get("ChallengeName"), "NEW_PASSWORD_REQUIRED")
        self.screenshot("console-admin.png")
        self.element("#nav-logs").click()
        self.visible("#results")

    def post_logs_with(self, credential):
        return request(f"{self.url}/logs", "POST", {"severity": "info", "message": "by key"}, {"Authorization": credential})[0]

    def test_15_ten_thousand_loaded_rows_keep_the_page_small_and_reach_the_oldest(self):
        entries = [{"severity": "debug", "message": f"bulk {n}", "attributes": {"service.name": "bulk"}} for n in range(10_000)]
        self.assertEqual(self.post_logs(entries)[0], 201)
        self.search("service.name = bulk")
        deadline = time.monotonic() + 60
        while self.loaded() < 10_000 and time.monotonic() < deadline:
            self.browser.execute_script("document.getElementById('more').scrollIntoView()")
            time.sleep(0.05)
        self.wait.until(lambda browser: browser.find_element(By.ID, "status").text.endswith("."))
        self.assertEqual(self.loaded(), 10_000)
        self.assertLessEqual(len(self.rows()), 100, "only the rows on screen are in the page")
        self.browser.execute_script("scrollTo(0, document.body.scrollHeight)")
        self.wait.until(lambda browser: "bulk 0" in self.drawn_messages())
        self.browser.execute_script("scrollTo(0, 0)")
        self.wait.until(lambda browser: self.drawn_messages()[0] == "bulk 9999")

    def test_16_a_phone_width_window_and_dark_mode_keep_everything_readable(self):
        self.screenshot("console-search.png")
        self.open_row(0)
        self.screenshot("console-detail.png")
        self.element("#detail-close").click()
        self.browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        background, text = self.browser.execute_script(
            "const style = getComputedStyle(document.body); return [style.backgroundColor, style.color]")
        self.assertEqual((background, text), ("rgb(13, 17, 23)", "rgb(230, 237, 243)"))
        self.screenshot("console-dark.png")
        self.browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
        self.browser.set_window_size(390, 844)
        try:
            overflow = self.browser.execute_script("return document.scrollingElement.scrollWidth - innerWidth")
            self.assertLessEqual(overflow, 0, "nothing is cut off at phone width")
            self.assertTrue(self.element("#query").is_displayed() and self.rows()[0].is_displayed())
        finally:
            self.browser.set_window_size(1280, 800)

    def test_17_the_page_renews_its_token_before_it_expires_and_keeps_the_view(self):
        first = json.loads(self.browser.execute_script("return sessionStorage.getItem('logsvc.tokens')"))
        issued = json.loads(base64.urlsafe_b64decode(first["id"].split(".")[1] + "==")).get("iat")
        query = self.element("#query").get_attribute("value")
        renewed = WebDriverWait(self.browser, TOKEN_SECONDS).until(
            lambda browser: (tokens := json.loads(browser.execute_script("return sessionStorage.getItem('logsvc.tokens')")))["id"] != first["id"]
            and tokens)
        renewed_at = json.loads(base64.urlsafe_b64decode(renewed["id"].split(".")[1] + "==")).get("iat")
        self.assertLessEqual(renewed_at - issued, TOKEN_SECONDS - 55, "renewed about a minute before it expired")
        self.assertEqual(renewed["refresh"], first["refresh"])
        self.assertEqual(self.element("#query").get_attribute("value"), query, "the view stays as it was")
        self.assertEqual(request(f"{self.url}/logs?limit=1", headers={"Authorization": renewed["id"]})[0], 200)

    def test_18_the_page_raised_no_error_and_broke_no_content_security_policy_rule(self):
        problems = [entry["message"] for entry in self.browser.get_log("browser")
                    if entry["level"] == "SEVERE" and "favicon" not in entry["message"] and "401" not in entry["message"]
                    and "400" not in entry["message"]]
        self.assertEqual(problems, [])

    def test_19_sign_out_ends_the_session_everywhere(self):
        tokens = json.loads(self.browser.execute_script("return sessionStorage.getItem('logsvc.tokens')"))
        self.element("#sign-out").click()
        self.visible("#sign-in-form")
        self.assertIsNone(self.browser.execute_script("return sessionStorage.getItem('logsvc.tokens')"))
        self.assertEqual(self.loaded(), 0)
        status, _, answer = request(f"{self.url}/", "POST",
                                    {"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": self.credentials["client_id"],
                                     "AuthParameters": {"REFRESH_TOKEN": tokens["refresh"]}},
                                    {"Content-Type": "application/x-amz-json-1.1",
                                     "X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth"})
        self.assertEqual((status, answer["__type"]), (400, "NotAuthorizedException"), "GlobalSignOut revoked the refresh token")


    def test_20_a_locked_account_says_when_to_try_again(self):
        for attempt in range(4):
            self.element("#username").clear()
            self.element("#username").send_keys("mallory")
            self.element("#password").clear()
            self.element("#password").send_keys(f"wrong-{attempt}", Keys.ENTER)
            self.wait.until(lambda browser: browser.find_element(By.ID, "sign-in-error").text)
            message = self.element("#sign-in-error").text
            self.browser.execute_script("document.getElementById('sign-in-error').textContent = ''")
        self.assertRegex(message, r"Try again in \d+ s \(at ")


if __name__ == "__main__":
    unittest.main(verbosity=2)
