"""``courseware serve`` in a real headless Chromium: the home screen renders, a module opens, a card is rated.

The terminal is drawn on a canvas, so the page has no text to read. The test records what the app sent
to the browser's terminal (a WebSocket hook installed before the page loads) and checks the learner's
store afterwards, as the app saw the keys typed in the browser.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from courseware.core.course.loader import load_course
from courseware.core.store import open_store
from tests.apphelpers import MINI

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
_MISSING = [name for name, found in (("chromium", CHROMIUM), ("chromedriver", CHROMEDRIVER),
                                     ("selenium", importlib.util.find_spec("selenium"))) if not found]
pytestmark = pytest.mark.skipif(
    bool(_MISSING), reason=f"no headless browser: {', '.join(_MISSING)} not installed "
                           "(apt-get install -y chromium chromium-driver; pip install selenium)")


def _has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


needs_app_screens = pytest.mark.skipif(
    not (_has_module("courseware.tui.screens.reader") and _has_module("courseware.tui.screens.flashcards")),
    reason="needs the reader and flashcard screens (branch 'app', not merged yet)")

#: Keeps a copy of every frame the app sends, decoded, before textual.js draws it on the canvas.
RECORD_TERMINAL = """
window.__terminal = [];
const NativeWebSocket = window.WebSocket;
class RecordingWebSocket extends NativeWebSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", (event) => {
      const data = event.data;
      if (typeof data === "string") { window.__terminal.push(data); }
      else if (data instanceof ArrayBuffer) { window.__terminal.push(new TextDecoder().decode(data)); }
      else if (data instanceof Blob) { data.text().then((text) => window.__terminal.push(text)); }
    });
  }
}
window.WebSocket = RecordingWebSocket;
"""
_ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until(check: Any, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


class Browser:
    """A headless Chromium on the served app, driven by keys typed into the terminal."""

    def __init__(self, url: str, screenshots: Path) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
            options.add_argument(argument)
        self.driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": 1200, "height": 760, "deviceScaleFactor": 1, "mobile": False})
        self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_TERMINAL})
        self.screenshots = screenshots
        self.driver.get(url)
        _wait_until(lambda: self.driver.execute_script(
            "return document.body.classList.contains('-first-byte')"), "the app's first screen")

    def mark(self) -> int:
        """How many frames the app has sent so far: ``text(since=mark)`` is what it drew afterwards."""
        count: int = self.driver.execute_script("return window.__terminal.length")
        return count

    def text(self, since: int = 0) -> str:
        """What the app has drawn (since a mark), without terminal control sequences."""
        frames = self.driver.execute_script("return window.__terminal.slice(arguments[0]).join('')", since)
        return _ANSI.sub("", str(frames))

    def wait_for_text(self, *texts: str, since: int = 0) -> None:
        """Wait until the app draws one of ``texts``."""
        _wait_until(lambda: any(text in self.text(since) for text in texts), f"{' or '.join(texts)} on the terminal")

    def press(self, *keys: str) -> None:
        from selenium.webdriver.common.action_chains import ActionChains

        self.driver.execute_script("document.querySelector('.xterm-helper-textarea').focus()")
        for key in keys:
            ActionChains(self.driver).send_keys(key).perform()
            time.sleep(0.4)

    def screenshot(self, name: str) -> Path:
        path = self.screenshots / name
        self.driver.save_screenshot(str(path))
        return path

    def close(self) -> None:
        self.driver.quit()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``courseware serve`` on a free port, with the mini course and a fresh data directory; yields the
    address it printed (with its token) and the data directory."""
    port, data = _free_port(), tmp_path / "data"
    env = {**os.environ, "COURSEWARE_DATA": str(data), "COURSEWARE_COURSE": str(MINI)}
    server = subprocess.Popen([sys.executable, "-m", "courseware", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    assert server.stdout is not None
    url = server.stdout.readline().removeprefix("courseware serve: open ").strip()

    def answering() -> bool:
        try:
            with urllib.request.urlopen(url.split("?")[0], timeout=1):
                return True
        except urllib.error.HTTPError:
            return True  # 403 without the token: it answers
        except OSError:
            return False
    try:
        _wait_until(answering, "courseware serve to answer")
        yield url, data
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


@pytest.fixture
def browser(served: tuple[str, Path], tmp_path: Path) -> Iterator[Browser]:
    chrome = Browser(served[0], tmp_path)
    try:
        yield chrome
    finally:
        chrome.close()


def test_home_screen_renders_in_the_browser(browser: Browser) -> None:
    course = load_course(MINI)
    for module in course.modules:
        browser.wait_for_text(module.title)
    assert browser.screenshot("home.png").stat().st_size > 10_000


@needs_app_screens
def test_a_module_opens_and_a_card_is_rated_from_the_browser(browser: Browser, served: tuple[str, Path]) -> None:
    """Keys of the app branch: on the home menu, down + enter opens the first module; q goes back; f opens
    the flashcards, space reveals, 3 rates Good."""
    course, data = load_course(MINI), served[1]
    first, cards = course.modules[0], [card for deck in course.decks.values() for card in deck.cards]
    browser.wait_for_text(first.title)
    browser.press("\ue015", "\ue007")
    _wait_until(lambda: first.id in open_store(data).modules.all(), f"module '{first.id}' to be opened")
    mark = browser.mark()
    browser.press("q")
    browser.wait_for_text("Flashcards", since=mark)
    mark = browser.mark()
    browser.press("f")
    browser.wait_for_text(*(card.front for card in cards), since=mark)
    mark = browser.mark()
    browser.press(" ")
    browser.wait_for_text(*(card.back for card in cards), since=mark)
    browser.press("3")
    _wait_until(lambda: len(open_store(data).reviews.history()) == 1, "a review to be stored")
    assert open_store(data).reviews.history()[0].rating == 3
    browser.screenshot("rated.png")


def test_a_learner_signs_in_to_a_class_in_the_browser(tmp_path: Path) -> None:
    """Class mode in Chromium: the server's sign-in screen, keys typed in the page, then the learner's app."""
    room = tmp_path / "class"
    subprocess.run([sys.executable, "-m", "courseware", "class", "add", "ada", "--class", str(room),
                    "--password-stdin"], input="ada-password-1\n", text=True, check=True, capture_output=True)
    port = _free_port()
    env = {**os.environ, "COURSEWARE_COURSE": str(MINI)}
    server = subprocess.Popen([sys.executable, "-m", "courseware", "serve", "--class", str(room), "--port", str(port)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                              start_new_session=True)
    try:
        assert server.stdout is not None
        url = server.stdout.readline().removeprefix("courseware serve: open ").strip()
        assert url == f"http://127.0.0.1:{port}/"
        chrome = Browser(url, tmp_path)
        try:
            chrome.wait_for_text("Sign in")
            chrome.screenshot("sign-in.png")
            mark = chrome.mark()
            chrome.press("ada", "\ue007", "ada-password-1", "\ue007")
            chrome.wait_for_text(load_course(MINI).modules[0].title, since=mark)
            _wait_until(lambda: (room / "learners" / "ada" / "progress.sqlite3").exists(), "ada's own store")
            chrome.screenshot("signed-in.png")
        finally:
            chrome.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
