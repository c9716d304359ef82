"""The web app: `build_app(engine)` lays out the Gradio Blocks (filters, Ask, Excerpts, Batch,
Library and the source drawer); `main()` builds the index if needed, opens the engine once
and launches the server from settings (QA_HOST, QA_PORT, QA_AUTH, QA_INDEX, ...).

Owns the page frame (with who is signed in, Sign out and the administrator's audit
download), launching behind the login gate (qa.web.login) with the state in the database
(qa.web.db), and the launch-time safety warning. The tabs are laid out in qa.web.tabs; what
each event does lives in the other qa.web modules, tested without a browser.
"""
from __future__ import annotations

import importlib.util
import ipaddress
import os
import sys
from pathlib import Path

import gradio as gr
from starlette.middleware import Middleware

from qa.config import Settings, load_settings
from qa.errors import QAError, printable
from qa.web import admin, tabs
from qa.web.chat import ChatService
from qa.web.db import Store, open_store
from qa.web.html import SourceFiles, esc, parse_view_request, render_document
from qa.web.library_tab import library_tab
from qa.web.login import Gate, GateMiddleware
from qa.web.page_view import PageView
from qa.web.public import source_route
from qa.web.recommendations import recommendations_tab

CSS_PATH = Path(__file__).resolve().with_name("app.css")
# Links "#qa-view/..." in answers and tables open the source drawer: HTML inside the chat
# cannot call Python, so a click is handed to a hidden textbox and button.
JS = """() => {
  document.addEventListener('click', (event) => {
    const action = event.target.closest('a.qa-copy, a.qa-again');
    if (action) {  // under an answer: copy its text and sources, or ask its question again
      event.preventDefault();
      if (action.classList.contains('qa-copy')) {
        const answer = action.closest('.qa-answer-actions').previousElementSibling;
        const text = answer.querySelector('.qa-text');
        const sources = [...answer.querySelectorAll('.qa-src')].map(s => s.innerText.trim());
        navigator.clipboard.writeText([text ? text.innerText : '', ...sources].join('\\n\\n'));
        action.textContent = 'Copied';
        setTimeout(() => { action.textContent = 'Copy'; }, 1500);
        return;
      }
      const q = decodeURIComponent(action.getAttribute('href').split('/').slice(1).join('/'));
      const box = document.querySelector('#qa-question textarea');
      box.value = q;
      box.dispatchEvent(new Event('input', {bubbles: true}));
      setTimeout(() => document.querySelector('#qa-question .submit-button').click(), 50);
      return;
    }
    if (event.target.closest('#qa-drawer-close')) {  // focus goes back where it came from
      const back = window.qaDrawerOpener;
      setTimeout(() => (back && back.isConnected ? back
        : document.querySelector('#qa-question textarea'))?.focus({preventScroll: true}), 0);
      return;
    }
    const link = event.target.closest('a[href^="#qa-view/"]');
    if (!link) return;
    event.preventDefault();
    window.qaDrawerOpener = link;
    const box = document.querySelector('#qa-view-req textarea, #qa-view-req input');
    const button = document.querySelector('#qa-view-btn');
    if (!box || !button) return;
    box.value = link.getAttribute('href').slice(1) + '/' + Date.now();
    box.dispatchEvent(new Event('input', {bubbles: true}));
    setTimeout(() => button.click(), 50);
  }, true);
  document.addEventListener('keydown', (event) => {  // Escape closes the source drawer
    const drawer = document.querySelector('#qa-drawer');
    if (event.key !== 'Escape' || !drawer || !drawer.getClientRects().length) return;
    event.preventDefault();
    document.querySelector('#qa-drawer-close')?.click();
  });
  // After a question and after its answer, the question goes to the top of the chat, so the
  // answer's first line stays in view (the chat's own autoscroll is off: it went to the end
  // of the sources, leaving question and answer above the fold).
  let shown = '';
  new MutationObserver(() => {
    const chat = document.querySelector('#qa-chat');
    const asked = chat ? chat.querySelectorAll('.qa-q') : [];
    const key = asked.length + '/'
      + chat?.querySelectorAll('.qa-answer:not(.qa-streaming)').length;
    if (!asked.length || key === shown) { if (!asked.length) shown = ''; return; }
    shown = key;
    const q = asked[asked.length - 1];
    let box = q.parentElement;
    while (box && box !== document.body && !(box.scrollHeight > box.clientHeight
           && /auto|scroll/.test(getComputedStyle(box).overflowY))) box = box.parentElement;
    if (box && box !== document.body) box.scrollTop += q.getBoundingClientRect().top
                                             - box.getBoundingClientRect().top - 12;
    const top = q.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight - 160) window.scrollBy(0, top - 12);
  }).observe(document.body, {childList: true, subtree: true});
  // On a phone the Filters panel starts closed: open, it covers the whole screen.
  let waited = 0;
  const closeFilters = () => {
    const toggle = document.querySelector('#qa-filters.open .toggle-button');
    if (!matchMedia('(max-width: 768px)').matches) return;
    if (toggle) toggle.click();
    else if (!document.querySelector('#qa-filters') && waited++ < 300)
      requestAnimationFrame(closeFilters);
  };
  closeFilters();
  // The question box is ready to type in, the page left at its top: Gradio's autofocus
  // scrolled the box into view, on a phone taking the header and the first tabs away.
  let tries = 0;
  const focusBox = () => {
    const box = document.querySelector('#qa-question textarea');
    if (box) box.focus({preventScroll: true});
    else if (tries++ < 300) requestAnimationFrame(focusBox);
  };
  focusBox();
}"""
# The drawer scrolls to the first highlight on the cited PDF page (else the passage marked
# in the text), below the title and links, which stay in view under the drawer's bar.
SCROLL_JS = """() => {
  // Gradio draws the viewer's new content a moment after this runs (later on a busy machine,
  // the last document staying in view till then): the drawer starts at its top and scrolls to
  // the highlight once the document asked for is drawn (5 s at most).
  const since = performance.now();
  const asked = (document.querySelector('#qa-view-req textarea, #qa-view-req input') || {}).value;
  let first = true;
  const scroll = () => {
    const drawer = document.querySelector('#qa-drawer');
    if (!drawer) return;
    const bar = document.querySelector('#qa-drawer-bar');
    const head = document.querySelector('#qa-viewer .qa-viewer-head');
    const pad = parseFloat(getComputedStyle(drawer).paddingTop) || 0;
    if (head && bar) head.style.top = (bar.offsetHeight - pad) + 'px';
    const shown = document.querySelector('#qa-viewer .qa-view-doc');
    const drawn = shown && (asked === undefined || shown.dataset.req === asked);
    const hit = drawn && document.querySelector('#qa-viewer .qa-hl, #qa-viewer .qa-hit');
    if (!hit) {  // (the top of a new document, left alone once the reader may scroll it)
      if (first) drawer.scrollTop = 0;
      first = false;
      if (performance.now() - since < 5000) setTimeout(scroll, 100);
      return;
    }
    const box = drawer.getBoundingClientRect();
    const above = box.top + (bar ? bar.offsetHeight : 0) + (head ? head.offsetHeight : 0);
    drawer.scrollTop += hit.getBoundingClientRect().top - above - (box.bottom - above) / 4;
  };
  setTimeout(scroll, 200);
  // focus moves into the opened drawer, to its Close button, once it is shown
  const focusClose = () => {
    const close = document.querySelector('#qa-drawer-close');
    if (close && close.getClientRects().length) close.focus({preventScroll: true});
    else if (performance.now() - since < 5000) requestAnimationFrame(focusClose);
  };
  focusClose();
}"""


def _source_drawer(engine, files: SourceFiles, pages: PageView) -> None:
    """A panel over the right of the page showing a document with the cited passage marked
    (and a PDF's cited page as the reader sees it, the quote highlighted)."""
    with gr.Column(visible=False, elem_id="qa-drawer") as drawer:
        with gr.Row(elem_id="qa-drawer-bar"):
            tabs.html("<b>Source document</b>")
            close = gr.Button("Close ✕", size="sm", scale=0, elem_id="qa-drawer-close")
        viewer = tabs.html("", elem_id="qa-viewer")
    request = gr.Textbox(visible="hidden", elem_id="qa-view-req")
    opener = gr.Button(visible="hidden", elem_id="qa-view-btn")

    def view(req: str):
        parsed = parse_view_request(req)
        doc = next((d for d in engine.documents() if parsed and d.doc_id == parsed[0]), None)
        if doc is None:
            return ("<div class='qa-empty'>That document is no longer in the library.</div>",
                    gr.Column(visible=True))
        figure = pages.figure(doc, parsed[1], parsed[2])
        # marked with the request it answers: the drawer scrolls once this one is drawn
        return (f"<div class='qa-view-doc' data-req='{esc(req)}'>"
                f"{render_document(doc, parsed[1], parsed[2], files, figure)}</div>",
                gr.Column(visible=True))

    opener.click(view, request, [viewer, drawer], queue=False, **tabs.PRIVATE) \
        .then(None, js=SCROLL_JS)
    close.click(lambda: gr.Column(visible=False), None, drawer, queue=False, **tabs.PRIVATE)


def build_app(engine, settings: Settings | None = None, store: Store | None = None
              ) -> gr.Blocks:
    """The Gradio app over one shared engine and database (opened from settings when not
    given); start it with `launch(demo, settings, store)`, which also serves the routes in
    `demo.qa_routes` (the PDF page images)."""
    settings = settings or engine.settings
    store = store or open_store(settings)
    manifest_roots = engine.current().index.manifest.get("roots", [])
    # PDFs are served by document id (qa.web.public), never through Gradio's file route,
    # whose links carry the file's path on the server
    files = SourceFiles([Path(settings.corpus), *map(Path, manifest_roots)],
                        register=lambda paths: None)
    chat = ChatService(engine, files, store, max_question_chars=settings.max_question_chars)
    login = bool(settings.auth_pairs())
    with gr.Blocks(title="Inspection assistant", analytics_enabled=False,
                   fill_width=True) as demo:
        with gr.Row(elem_id="qa-header"):
            tabs.html("<div class='qa-brand'><h1>Inspection assistant</h1><p>Cited answers "
                      "from HMICFRS inspections, reviews and force responses</p></div>")
            status = tabs.html(tabs.status_html(engine))
            account_load, account_outputs = admin.account_bar(store, settings)
        with gr.Sidebar(position="left", open=True, width=290, elem_id="qa-filters"):
            filters = tabs.filters_panel(engine)
        page_view = PageView(engine.documents, files, max_pages=settings.max_pages)
        _source_drawer(engine, files, page_view)
        # the excerpt basket, filled from two tabs; made outside gr.Tabs, whose children must
        # all be tabs (a State among them put a tab's label on its neighbour once visited)
        basket = gr.State([])
        with gr.Tabs(overflow_behavior="wrap", elem_id="qa-tabs"):  # every tab in sight
            with gr.Tab("Ask", id="ask"):
                history_load = tabs.ask_tab(engine, chat, filters)
            with gr.Tab("Excerpts", id="excerpts"):
                tabs.excerpts_tab(engine, files, filters, basket, store.audit)
            with gr.Tab("Recommendations", id="recommendations"):
                recommendations_tab(engine, basket)
            with gr.Tab("Batch", id="batch"):
                tabs.batch_tab(engine, int(settings.max_file_mb * 1e6), store.audit, filters)
            with gr.Tab("Library", id="library"):
                library, library_load = library_tab(
                    engine, settings, files, filters, status, store.audit,
                    lambda user: admin.is_admin(store, login, user))
        demo.load(library_load, None, library, queue=False, **tabs.PRIVATE)
        demo.load(account_load, None, account_outputs, queue=False, **tabs.PRIVATE)
        if history_load:
            demo.load(*history_load, queue=False, **tabs.PRIVATE)
    demo.qa_routes = [*page_view.routes(), source_route(engine.documents, files.path_of)]
    return demo


def is_local(host: str) -> bool:
    """True for addresses only this machine can reach."""
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposure_warning(settings: Settings) -> str:
    """The warning to print when the app listens beyond this machine without a login."""
    if is_local(settings.host) or settings.auth_pairs():
        return ""
    return (f"WARNING: the app listens on {settings.host}:{settings.port}, which other machines "
            "can reach, and QA_AUTH is not set: anyone who reaches it can read the documents "
            "and add new ones. Set QA_AUTH=\"user:password\" or QA_HOST=127.0.0.1.")


def _quieten_gradio() -> None:
    """Two per-message costs of Gradio that count when many answers are served at once
    (measured with bench/load_test.py): it recomputes its per-endpoint timing summary (the
    API page's figures) with pandas after every event, 5-10 ms of CPU per answer, where every
    100 events is plenty; and it tries `import matplotlib` twice per streamed message, which
    without matplotlib searches the whole import path each time. Not having it is recorded
    once, as Python does for a module it was told is missing."""
    os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", "100")
    if "matplotlib" not in sys.modules and importlib.util.find_spec("matplotlib") is None:
        sys.modules["matplotlib"] = None  # `import matplotlib` now fails at once


def request_size_limit(settings: Settings) -> Middleware:
    """qa.web.request_size behind the login gate: a body over QA_MAX_REQUEST_MB is refused
    before it is read (one who has not signed in is refused before that)."""
    from qa.web.request_size import BodyLimit
    return Middleware(BodyLimit, max_body_bytes=int(settings.max_request_mb * 1e6),
                      max_question_chars=settings.max_question_chars)


def launch(demo: gr.Blocks, settings: Settings, store: Store | None = None, **extra):
    """Serve `demo` as settings say, behind the login gate when QA_AUTH is set; `extra` goes
    to Blocks.launch (e.g. prevent_thread_lock)."""
    warning = exposure_warning(settings)
    if warning:
        print(warning, file=sys.stderr)
    _quieten_gradio()
    store = store or open_store(settings)
    login = bool(settings.auth_pairs())
    gate = Gate(store.accounts if login else None, store.audit)
    theme = gr.themes.Default(primary_hue="blue", neutral_hue="slate", radius_size="md")
    # Queue positions go to waiting users once a second, not to all of them whenever an
    # event starts (with dozens waiting, that is dozens of messages per answer).
    return demo.queue(default_concurrency_limit=4, status_update_rate=1).launch(
        server_name=settings.host, server_port=settings.port,
        auth_dependency=gate.dependency if login else None,
        app_kwargs={"routes": [*(gate.routes() if login else []),
                               *getattr(demo, "qa_routes", [])],
                    "middleware": [Middleware(GateMiddleware, gate=gate),
                                   request_size_limit(settings)]},
        max_file_size=int(settings.max_file_mb * 1e6), theme=theme, css_paths=[CSS_PATH],
        js=JS, footer_links=["api"], run_history=False, show_error=False, **extra)


def main(settings: Settings | None = None, **overrides) -> int:
    """Build the index if it is missing or stale, open the engine once, serve the app.
    `overrides` (e.g. index=...) replace settings fields; None values are ignored."""
    from qa.ask.engine import Engine
    from qa.ingest.build import ensure_index
    from qa.outputs.progress import StageBars

    settings = settings or load_settings(**overrides)
    try:
        with StageBars() as bars:
            report = ensure_index(settings, progress=bars)
        if report is not None:
            print(report.summary(), file=sys.stderr)
        engine = Engine.open(settings)
        store = open_store(settings)
    except QAError as exc:
        print(f"error: {printable(exc)}", file=sys.stderr)
        return 1
    launch(build_app(engine, settings, store), settings, store)
    return 0

