"""Drives Chromium through each notebook in JupyterLab (see notebooks/browser-test)."""
import faulthandler
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent.parent
WORK = HERE / "target" / "browser"
VERSION = re.search(r"<version>([^<]+)</version>", (HERE / "pom.xml").read_text()).group(1)
TOKEN = "deltalens-browser-test"
CAPTION = re.compile(r".+ — [\d,]+ rows? × [\d,]+ columns?$")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def maven_notebook(path):
    """deltalens in JJava's own kernel, as a user with their own Jupyter adds it."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "java", "display_name": "Java (jjava)", "language": "java"}
    nb.cells = [nbformat.v4.new_code_cell(c) for c in [
        f"%maven io.deltalens:deltalens:{VERSION}",
        'var dir = java.nio.file.Files.createTempDirectory("maven-kernel");\n'
        'io.deltalens.tour.Tour.run(dir, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));\n'
        'var sales = open(dir.resolve("sales").toString());',
        "sales",
        "sales.history()",
        "Plots.timeline(sales)",
    ]]
    nbformat.write(nb, str(path))


def start_lab(port):
    log = open(WORK / "jupyterlab.log", "w")
    # every cell in the page (JupyterLab draws only the visible ones by default), so every output can be
    # checked and the screenshot shows the whole notebook; no news pop-up
    settings = WORK / "lab-settings"
    (settings / "@jupyterlab/notebook-extension").mkdir(parents=True)
    (settings / "@jupyterlab/notebook-extension/tracker.jupyterlab-settings").write_text(
        json.dumps({"windowingMode": "none"}))
    (settings / "@jupyterlab/apputils-extension").mkdir(parents=True)
    (settings / "@jupyterlab/apputils-extension/notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings),
               JUPYTERLAB_WORKSPACES_DIR=str(WORK / "lab-workspaces"))
    lab = subprocess.Popen(
        [str(HERE / ".venv/bin/jupyter-lab"), "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         f"--IdentityProvider.token={TOKEN}", f"--notebook-dir={WORK / 'notebooks'}",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--ServerApp.disable_check_xsrf=True"] + (["--allow-root"] if os.geteuid() == 0 else []),
        stdout=log, stderr=subprocess.STDOUT, env=env)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={TOKEN}", timeout=2)
            return lab
        except OSError:
            if lab.poll() is not None:
                raise SystemExit("JupyterLab did not start: see " + str(WORK / "jupyterlab.log"))
            time.sleep(0.5)
    raise SystemExit("JupyterLab did not answer within 120 s")


def kernel_ready(port, name):
    """The server's own view: the notebook's kernel has started and is idle."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/sessions?token={TOKEN}", timeout=5) as r:
        sessions = json.load(r)
    return any(s.get("path") == name and s.get("kernel", {}).get("execution_state") == "idle" for s in sessions)


def kernel_status(page):
    """The status bar's "Java (deltalens) | Idle": JupyterLab's view of the kernel."""
    texts = page.locator(".jp-StatusBar-TextItem").all_inner_texts()
    return next((t.split("|")[-1].strip() for t in texts if "|" in t), "")


def wait(condition, seconds, what):
    deadline = time.time() + seconds
    while not condition():
        if time.time() > deadline:
            raise AssertionError(f"{what} after {seconds} s")
        time.sleep(0.5)


def run_notebook(page, port, name):
    page.goto(f"http://127.0.0.1:{port}/lab/tree/{name}?token={TOKEN}&reset")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=120_000)
    # JupyterLab says "Unknown" for a JJava kernel until its first execution: connected is enough
    wait(lambda: kernel_ready(port, name) and kernel_status(page) in ("Idle", "Unknown"), 180,
         f"{name}: no kernel")
    # the committed outputs go first, so every output checked below is this run's
    page.click("li.lm-MenuBar-item >> text=Edit")
    page.click(".lm-Menu-item >> text=Clear Outputs of All Cells")
    code_cells = page.locator(".jp-NotebookPanel .jp-CodeCell")
    wait(lambda: all(p.strip() in ("[ ]:", "") for p in code_cells.locator(".jp-InputArea-prompt").all_inner_texts()),
         30, f"{name}: outputs not cleared")
    page.click("li.lm-MenuBar-item >> text=Run")
    page.click(".lm-Menu-item >> text=Run All Cells")

    def finished():
        prompts = code_cells.locator(".jp-InputArea-prompt").all_inner_texts()
        return prompts and all(re.match(r"\[\d+\]:", p.strip()) for p in prompts) \
            and kernel_status(page) == "Idle"
    try:
        wait(finished, 900, f"{name}: cells still running")
    except AssertionError:
        page.screenshot(path=str(WORK / (Path(name).stem + "-stuck.png")), full_page=True)
        raise
    page.keyboard.press("Control+s")
    wait(lambda: "jp-mod-dirty" not in (page.locator(".jp-mod-current").first.get_attribute("class") or ""),
         30, f"{name}: not saved")


def check(page, name):
    """What a person sees: no failed cell, captioned HTML tables, drawn charts."""
    problems = []
    saved = nbformat.read(str(WORK / "notebooks" / name), 4)
    for i, cell in enumerate(c for c in saved.cells if c.cell_type == "code"):
        if cell.get("execution_count") is None:
            problems.append(f"cell {i + 1} did not run")
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                problems.append(f"cell {i + 1}: {out.ename}: {out.evalue}")
    tables = page.locator(".jp-OutputArea-output table.dl-table")
    for caption in tables.locator("caption").all_inner_texts():
        if not CAPTION.match(caption.strip()):
            problems.append(f"a table's caption is '{caption}'")
    if tables.count() != tables.locator("caption").count():
        problems.append("a table has no caption")
    plain = page.locator(".jp-OutputArea-output pre").all_inner_texts()
    for text in plain:
        if "tech.tablesaw" in text or "XYChart@" in text or "Chart@" in text:
            problems.append(f"an object shown as plain text: {text[:80]}")
    vega = page.locator(".jp-OutputArea-output .vega-embed")
    for i in range(vega.count()):
        if vega.nth(i).locator("canvas, svg").count() == 0:
            problems.append(f"chart {i + 1} was not drawn")
    images = page.locator(".jp-OutputArea-output img")
    for i in range(images.count()):
        if not images.nth(i).evaluate("img => img.complete && img.naturalWidth > 0"):
            problems.append(f"image {i + 1} did not load")
    charts = sum(1 for c in saved.cells if c.cell_type == "code" for o in c.get("outputs", [])
                 if "application/vnd.vegalite.v5+json" in o.get("data", {}))
    if vega.count() < charts:
        problems.append(f"{charts} charts in the outputs, {vega.count()} drawn")
    screenshot(page, WORK / (Path(name).stem + ".png"))
    return problems, tables.count(), vega.count() + images.count()


def screenshot(page, path):
    """The whole notebook: the window made as tall as the notebook's scrolled content, then shot."""
    height = page.evaluate("() => Math.max(...[...document.querySelectorAll('.jp-NotebookPanel "
                           ".jp-WindowedPanel-outer')].map(e => e.scrollHeight), 0)")
    page.set_viewport_size({"width": 1400, "height": min(30000, max(1000, height + 200))})
    page.evaluate("() => document.querySelectorAll('.jp-NotebookPanel .jp-WindowedPanel-outer')"
                  ".forEach(e => e.scrollTop = 0)")
    time.sleep(0.5)
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1400, "height": 1000})


def main():
    # a stuck run or a SIGTERM (bin/test ending early) still stops JupyterLab and its kernels: both end the run
    # through SystemExit, so the finally below runs
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("browser test: terminated"))
    signal.signal(signal.SIGALRM, lambda *_: (faulthandler.dump_traceback(), sys.exit("browser test: timed out")))
    signal.alarm(int(os.environ.get("BROWSER_TEST_TIMEOUT", "1500")))
    names = sys.argv[1:] or sorted(p.name for p in (HERE / "notebooks").glob("*.ipynb"))
    shutil.rmtree(WORK, ignore_errors=True)
    (WORK / "notebooks").mkdir(parents=True)
    for name in names:
        shutil.copy(HERE / "notebooks" / name, WORK / "notebooks" / name)
    shutil.copytree(HERE / "notebooks" / "data", WORK / "notebooks" / "data")  # the tables they open
    if not sys.argv[1:]:
        maven_notebook(WORK / "notebooks" / "99-maven-kernel.ipynb")
        names.append("99-maven-kernel.ipynb")
    port = free_port()
    lab = start_lab(port)
    failures = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            for name in names:
                started = time.time()
                run_notebook(page, port, name)
                problems, tables, charts = check(page, name)
                print(f"browser: {name}: {tables} tables, {charts} charts, {time.time() - started:.0f} s"
                      + ("" if not problems else " — " + "; ".join(problems)), flush=True)
                failures += [f"{name}: {p}" for p in problems]
                # the kernel goes with its notebook, so the next starts on a quiet machine
                page.click("li.lm-MenuBar-item >> text=Kernel")
                page.click(".lm-Menu-item >> text=Shut Down Kernel")
                time.sleep(1)
            browser.close()
    finally:
        lab.terminate()
        lab.wait(timeout=30)
    if failures:
        print("browser test failed:\n  " + "\n  ".join(failures), file=sys.stderr)
        sys.exit(1)
    print(f"browser: {len(names)} notebooks ran in Chromium; screenshots in {WORK}")


if __name__ == "__main__":
    main()
