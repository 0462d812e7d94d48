"""What an author's editor says about a route file: the YAML language server, really started.

VS Code's YAML extension (and Neovim, Emacs, Helix ... through LSP) runs the npm package
`yaml-language-server`. These tests start it (`yaml-language-server --stdio`), speak LSP
JSON-RPC to it over its stdin and stdout, open route files, and wait for the
`textDocument/publishDiagnostics` the server sends for each: a file made by `routegen new` has no
problem, and a misspelled key in it is marked at its line. So the schema line that `new` writes
resolves to the schema file it writes beside the route, without a network.

The server must be installed; without it these tests fail and say how (README, Quick start):

    npm install --prefix .tools yaml-language-server@1

or set ROUTEGEN_YAML_LANGUAGE_SERVER to the server's command.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from routegen.scaffold import write_new_route
from routegen.schema import SCHEMA_FILE_NAME
from tests.conftest import REPO, ROUTES_DIR

INSTALL = "npm install --prefix .tools yaml-language-server@1"
WAIT_SECONDS = 60  # for one answer; the server answers in well under a second


def language_server() -> str:
    """The server's command: ROUTEGEN_YAML_LANGUAGE_SERVER, the repo's .tools, or the PATH."""
    candidates = [
        os.environ.get("ROUTEGEN_YAML_LANGUAGE_SERVER", ""),
        str(REPO / ".tools" / "node_modules" / ".bin" / "yaml-language-server"),
        shutil.which("yaml-language-server") or "",
    ]
    found = next((c for c in candidates if c and Path(c).is_file()), None)
    if found is None:
        pytest.fail(
            "The YAML language server is not installed, so the editor check cannot run. Install "
            f"Node.js and npm (apt-get install -y nodejs npm), then, in the repository: {INSTALL}",
            pytrace=False,
        )
    return found


class LanguageServer:
    """A yaml-language-server process and the LSP conversation with it.

    A thread reads every message the server writes; requests from the server (it asks for its
    settings) are answered at once, everything else waits in a queue for the test.
    """

    SETTINGS = {"yaml": {"validate": True, "hover": False, "completion": False,
                         "schemaStore": {"enable": False}}}  # no downloads: only the file's own schema

    def __init__(self, command: str, root: Path) -> None:
        self.process = subprocess.Popen(
            [command, "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL)
        assert self.process.stdin is not None and self.process.stdout is not None
        self.stdin: IO[bytes] = self.process.stdin
        self.messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.next_id = 0
        self.lock = threading.Lock()
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()
        self.request("initialize", {
            "processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": {
                "workspace": {"configuration": True},
                "textDocument": {"publishDiagnostics": {}}},
            "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}]})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": self.SETTINGS})

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        with self.lock:
            self.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.stdin.flush()

    def _read(self, stdout: IO[bytes]) -> None:
        try:
            while True:
                length = None
                while (line := stdout.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode("ascii").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                if length is None:
                    break  # the server closed its output
                message = json.loads(stdout.read(length))
                if "method" in message and "id" in message:
                    self._answer(message)
                else:
                    self.messages.put(message)
        finally:
            self.messages.put(None)

    def _answer(self, request: dict[str, Any]) -> None:
        """The server asks for its settings (workspace/configuration) or registers features."""
        result: Any = None
        if request["method"] == "workspace/configuration":
            result = [self.SETTINGS.get(item.get("section", ""), {})
                      for item in request["params"]["items"]]
        self._send({"id": request["id"], "result": result})

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        self._send({"id": self.next_id, "method": method, "params": params})
        answer = self._wait(lambda m: m.get("id") == self.next_id, f"the answer to {method}")
        assert "error" not in answer, answer
        return answer.get("result")

    def _wait(self, wanted: Any, what: str) -> dict[str, Any]:
        while True:
            try:
                message = self.messages.get(timeout=WAIT_SECONDS)
            except queue.Empty:
                pytest.fail(f"yaml-language-server sent no {what} within {WAIT_SECONDS} s")
            if message is None:
                pytest.fail(f"yaml-language-server stopped before it sent {what} "
                            f"(exit code {self.process.poll()})")
            if message.get("method") == "textDocument/publishDiagnostics":
                self.diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]
            if wanted(message):
                return message

    def problems_in(self, path: Path) -> list[dict[str, Any]]:
        """Open a file as an editor does and return the diagnostics the server publishes for it."""
        uri = path.resolve().as_uri()
        self.diagnostics.pop(uri, None)
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1,
            "text": path.read_text(encoding="utf-8")}})
        self._wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                   and m["params"]["uri"] == uri, f"diagnostics for {path.name}")
        return self.diagnostics[uri]

    def schemas_of(self, path: Path) -> list[str]:
        """The schemas the server uses for an open file (yaml-language-server's own request)."""
        found = self.request("yaml/get/jsonSchema", path.resolve().as_uri()) or []
        return [item.get("uri", "") for item in found]

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", {})
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired, pytest.fail.Exception):
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LanguageServer]:
    command = language_server()
    running = LanguageServer(command, tmp_path_factory.mktemp("editor"))
    try:
        yield running
    finally:
        running.close()


@pytest.fixture(scope="module")
def new_route(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `routegen new súdwest-fryslân` writes: the route and the schema beside it."""
    written = write_new_route(tmp_path_factory.mktemp("new") / "súdwest-fryslân")
    assert written.schema_path.name == SCHEMA_FILE_NAME and written.schema_path.is_file()
    return written.path


def summary(diagnostics: list[dict[str, Any]]) -> list[str]:
    return [f"line {d['range']['start']['line'] + 1}: {d['message']}" for d in diagnostics]


def test_the_editor_finds_no_problem_in_a_new_route(server: LanguageServer, new_route: Path) -> None:
    assert summary(server.problems_in(new_route)) == []
    assert server.schemas_of(new_route) == [new_route.with_name(SCHEMA_FILE_NAME).as_uri()]


def test_the_editor_marks_a_misspelled_key_at_its_line(
    server: LanguageServer, new_route: Path
) -> None:
    text = new_route.read_text(encoding="utf-8")
    assert "\n  summary: " in text
    broken = new_route.with_name("typo.yaml")
    broken.write_text(text.replace("\n  summary: ", "\n  sumary: ", 1), encoding="utf-8")
    line = next(n for n, row in enumerate(broken.read_text(encoding="utf-8").splitlines(), 1)
                if row.startswith("  sumary: "))
    found = summary(server.problems_in(broken))
    assert f"line {line}: Property sumary is not allowed." in found, found


def test_a_schema_key_in_the_file_works_like_the_schema_line(
    server: LanguageServer, new_route: Path
) -> None:
    """`$schema: routegen.schema.json` (the model's `$schema` key) leads to the same schema."""
    lines = new_route.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[0].startswith("# yaml-language-server: $schema=")
    keyed = new_route.with_name("keyed.yaml")
    keyed.write_text(f"$schema: {SCHEMA_FILE_NAME}\n" + "".join(lines[1:]).replace(
        "\n  summary: ", "\n  sumary: ", 1), encoding="utf-8")
    assert any("sumary" in problem for problem in summary(server.problems_in(keyed)))


@pytest.mark.parametrize("route", sorted(ROUTES_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_the_editor_finds_no_problem_in_an_example_route(server: LanguageServer, route: Path) -> None:
    """The example routes point at the schema file in the repository (schema/route.schema.json)."""
    assert summary(server.problems_in(route)) == []
    assert server.schemas_of(route) == [(REPO / "schema" / "route.schema.json").as_uri()]


def test_the_readme_test_command_installs_the_server() -> None:
    """A fresh Debian machine gets the server from the README's test command (Debian's Node.js
    18 runs yaml-language-server 1; version 2 needs Node.js 22)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert INSTALL in readme and "nodejs npm" in readme
