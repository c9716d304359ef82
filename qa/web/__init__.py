"""The Gradio web app: the page (app), its tabs (tabs), what each event does (chat, excerpts,
batch, library, filters) and the HTML it shows (html)."""
